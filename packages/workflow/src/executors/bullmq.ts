import type { Queue, QueueEvents } from 'bullmq';
import { defineExecutor } from '../define.js';
import { decodeError } from '../engine/serialize.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import type { Executor, StageTask, TaskIO } from '../types.js';
import { onAbort } from './abort.js';
import { RECHECK_FIRST_MS, type Rechecked, readOutcomes, startRecheck } from './recheck.js';
import {
  decodeFailure,
  jobIdOf,
  probeRedis,
  queueDefaults,
  type RedisQueueOptions,
  redisOptions,
} from './redis.js';
import {
  type Notice,
  RESULTS_EVENT,
  type ResultsListener,
  resultsQueueName,
  STORED_EVENT,
} from './results.js';
import { type SpecBatch, specWriter } from './spec.js';

export type { StageJobData } from './spec.js';

export interface BullmqExecutorOptions extends RedisQueueOptions {
  /** Stage jobs in flight. Default 64. */
  concurrency?: number;
  /** Keep finished jobs (and their results) this long, so a resumed run can collect them. Default 1 day. */
  keepSeconds?: number;
}

/** Jobs per addBulk (one MULTI each). */
const ADD_CHUNK = 100;

interface Waiter extends Rechecked {
  resolve(value: unknown): void;
  reject(error: Error): void;
  io: TaskIO;
  task: StageTask;
}

/**
 * Each stage is a BullMQ job with a deterministic id (run, stage, item, attempt): a
 * resumed run re-adds the same ids and collects results that finished meanwhile instead
 * of redoing them. Workers (`flow worker`) run anywhere with the same plugins installed,
 * and report outcomes on the queue's results stream (see results.ts).
 */
export async function createBullmqExecutor(options: BullmqExecutorOptions): Promise<Executor> {
  const o = queueDefaults(options);
  await probeRedis(o.url, o.connectTimeoutMs);
  const [{ Queue: QueueClass, QueueEvents: EventsClass }, { Redis: Client }] = await Promise.all([
    import('bullmq'),
    import('ioredis'),
  ]);
  const connection = new Client(o.url, redisOptions(o.connectTimeoutMs));
  const queue: Queue = new QueueClass(o.queue, { connection, prefix: o.prefix });
  const eventsConnection = new Client(o.url, redisOptions(o.connectTimeoutMs));
  const results: QueueEvents = new EventsClass(resultsQueueName(o.queue), {
    connection: eventsConnection,
    prefix: o.prefix,
  });
  await Promise.all([queue.waitUntilReady(), results.waitUntilReady()]);
  const keep = options.keepSeconds ?? 86_400;
  const cancelChannel = `${o.prefix}:${o.queue}:cancel`;
  // One attempt (BullMQ's default): the engine retries, under a new job id per attempt.
  const kept = { age: keep };
  const jobOptions = (jobId: string) => ({ jobId, removeOnComplete: kept, removeOnFail: kept });
  const specs = specWriter(o.prefix, o.queue);

  // One listener for all jobs (not one per job), settling each job's waiter once.
  const waiters = new Map<string, Waiter>();
  const settle = (jobId: string, ok: boolean, value: unknown) => {
    const w = waiters.get(jobId);
    if (!w) return;
    waiters.delete(jobId);
    if (ok) w.resolve(value);
    else {
      const { code, message } = decodeFailure(String(value));
      w.reject(decodeError({ name: 'Error', message, code }));
    }
  };
  results.on<ResultsListener, typeof RESULTS_EVENT>(RESULTS_EVENT, ({ batch }) => {
    for (const [kind, jobId, value] of JSON.parse(batch) as Notice[]) {
      if (kind === 'progress')
        waiters.get(jobId)?.io.onProgress(Number(value.done), value.total, value.message);
      else settle(jobId, kind === 'done', value);
    }
  });

  // The hash of a job waited on for a while tells what the results stream did not: a lost
  // notice, or (on resume) a job that finished while the host was down.
  const read = (ids: readonly string[]) => readOutcomes(connection, queue, ids);
  const recheck = startRecheck({
    waiters,
    read,
    settle,
    // Inline, whatever became of the run's spec.
    replace: async (jobId, w) => {
      await queue.remove(jobId);
      await queue.add(w.task.stage, w.task, jobOptions(jobId));
    },
  });
  // Large results: the notice names the job, its hash has the result. A hash not readable
  // now is left to the re-read.
  results.on<ResultsListener, typeof STORED_EVENT>(STORED_EVENT, ({ ids }) => {
    const waited = (JSON.parse(ids) as string[]).filter((id) => waiters.has(id));
    if (waited.length === 0) return;
    read(waited).then(
      (outcomes) => {
        for (const [i, outcome] of outcomes.entries())
          if (outcome.kind === 'done') settle(waited[i] as string, true, outcome.value);
      },
      () => {},
    );
  });

  // Tasks go to Redis in addBulk calls of at most ADD_CHUNK jobs, one after the other. Each
  // addBulk is a MULTI that Redis runs without serving anyone else: one of a thousand jobs
  // keeps workers from the first job until the last is added. In chunks, workers start on
  // the first while the host builds the next (tasks that arrive meanwhile join the queue).
  const pending: StageTask[] = [];
  const pendingIds: string[] = [];
  let adding = false;
  const add = async () => {
    adding = true;
    while (pending.length > 0) {
      const chunk = pending.splice(0, ADD_CHUNK);
      const chunkIds = pendingIds.splice(0, ADD_CHUNK);
      // Tasks cancelled while they waited here are not added.
      const ids = chunkIds.filter((id) => waiters.has(id));
      const tasks = chunk.filter((_, i) => waiters.has(chunkIds[i] as string));
      if (ids.length === 0) continue;
      const now = Date.now();
      for (const id of ids) {
        const w = waiters.get(id) as Waiter;
        w.addedAt = now;
        w.checkAt = now + RECHECK_FIRST_MS;
      }
      try {
        // Jobs carry their own fields and name their run's spec, written ahead of them.
        const sent: SpecBatch = new Set();
        const jobs = tasks.map((task, i) => ({
          name: task.stage,
          data: specs.job(task, sent),
          opts: jobOptions(ids[i] as string),
        }));
        await specs.write(connection, sent);
        await queue.addBulk(jobs);
      } catch (error) {
        for (const id of ids) settle(id, false, error instanceof Error ? error.message : String(error));
      }
    }
    adding = false;
  };

  // Cancellation: one callback per signal (a run's tasks share its signal), not one per
  // task. Waiting jobs are removed. A cancelled run's running jobs get the cancel message
  // on every worker; a stage that timed out is stopped by its worker's own timer instead,
  // since the message would cancel all the run's other jobs too.
  const watched = new WeakSet<AbortSignal>();
  const watch = (signal: AbortSignal) => {
    if (watched.has(signal)) return;
    watched.add(signal);
    onAbort(signal, () => {
      const timeout = (signal.reason as { code?: unknown })?.code === WorkflowErrorCodes.STAGE_TIMEOUT;
      const runs = new Set<string>();
      for (const [jobId, w] of [...waiters]) {
        if (w.io.signal !== signal) continue;
        if (!timeout) runs.add(w.task.runId);
        void queue.remove(jobId).catch(() => {});
        settle(jobId, false, '[PB_WORKFLOW_CANCELLED] cancelled');
      }
      for (const runId of runs) void connection.publish(cancelChannel, runId).catch(() => {});
    });
  };

  return {
    name: 'bullmq',
    concurrency: options.concurrency ?? 64,
    run(task, io) {
      if (!task.target.url && task.target.kind !== 'plugin') {
        return Promise.reject(
          new WorkflowError(
            WorkflowErrorCodes.TARGET_NOT_PORTABLE,
            `stage "${task.stage}" (target "${task.target.target}") was handed to the host as a function, so a worker cannot import it; give it a module or plugin target.`,
            { stage: task.stage },
          ),
        );
      }
      const jobId = jobIdOf(task.runId, task.stage, task.index, task.attempt);
      // Settled by the results stream or the re-read, failures already decoded (settle).
      const done = new Promise<unknown>((resolve, reject) => {
        // Not looked at until its job is sent (add below sets the times).
        waiters.set(jobId, {
          resolve,
          reject,
          io,
          task,
          addedAt: 0,
          checkAt: Infinity,
          every: RECHECK_FIRST_MS,
        });
      });
      // Tasks started in the same tick go out together.
      if (!adding && pending.length === 0) setImmediate(() => void add());
      pending.push(task);
      pendingIds.push(jobId);
      watch(io.signal);
      return done;
    },
    async close() {
      recheck.stop();
      await results.close();
      await queue.close();
      // BullMQ leaves connections it was handed open.
      connection.disconnect();
      eventsConnection.disconnect();
    },
  };
}

export const bullmqExecutor = defineExecutor<BullmqExecutorOptions>(createBullmqExecutor);
