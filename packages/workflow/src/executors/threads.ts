import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { defineExecutor } from '../define.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import type { Executor, ExecutorSetup, LogLevel } from '../types.js';

export interface ThreadsExecutorOptions extends Record<string, unknown> {
  /** Threads in the pool. Default the CPU count. */
  threads?: number;
  /** Tasks in flight (queued in the pool beyond the threads). Default 2 × threads. */
  concurrency?: number;
}

// Shipped beside dist/ as plain JavaScript so the pool works from a source checkout too.
const WORKER = new URL('../../worker/thread-worker.js', import.meta.url).href;

type Message =
  | { type: 'progress'; done: number; total?: number; message?: string }
  | { type: 'log'; level: LogLevel; message: string };

/**
 * Runs stages on a worker_threads pool. piscina over tinypool: it cancels a running task
 * by AbortSignal (terminating its thread), which cancellation and timeouts need, and it is
 * maintained by Node.js core contributors with Node 20 support.
 */
export async function createThreadsExecutor(
  options: ThreadsExecutorOptions,
  setup: ExecutorSetup,
): Promise<Executor> {
  const { Piscina } = await import('piscina');
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const pool = new Piscina({
    filename: WORKER,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return {
    name: 'threads',
    concurrency: options.concurrency ?? threads * 2,
    async run(task, io) {
      if (!task.target.url) {
        throw new WorkflowError(
          WorkflowErrorCodes.TARGET_NOT_PORTABLE,
          `stage "${task.stage}" (target "${task.target.target}") was handed to the host as a function, so a thread cannot import it; give it a module target or run it on the local executor.`,
          { stage: task.stage },
        );
      }
      const { port1, port2 } = new MessageChannel();
      const deliver = (m: Message) => {
        if (m.type === 'progress') io.onProgress(m.done, m.total, m.message);
        else io.onLog(m.level, m.message);
      };
      port1.on('message', deliver);
      const ctx = {
        runId: task.runId,
        stage: task.stage,
        index: task.index,
        attempt: task.attempt,
        workflowInput: task.workflowInput,
      };
      try {
        return await pool.run(
          {
            url: task.target.url,
            exportName: task.target.exportName,
            input: task.input,
            task: ctx,
            objectsDir: join(setup.dataDir, 'objects', task.runId),
            port: port2,
          },
          { signal: io.signal, transferList: [port2] },
        );
      } catch (error) {
        if ((error as Error)?.name === 'DataCloneError') {
          throw new WorkflowError(
            WorkflowErrorCodes.NOT_SERIALIZABLE,
            `stage "${task.stage}": its input or result cannot be copied between threads (${(error as Error).message}); pass plain data, or use the local executor.`,
            { stage: task.stage, cause: error },
          );
        }
        throw error;
      } finally {
        // The stage's last logs were posted before its result, but the result comes over
        // piscina's own port and can arrive first: deliver what is still queued, then close.
        for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
          deliver(m.message as Message);
        }
        port1.close();
      }
    },
    async close() {
      await pool.destroy();
    },
  };
}

export const threadsExecutor = defineExecutor<ThreadsExecutorOptions>(createThreadsExecutor);
