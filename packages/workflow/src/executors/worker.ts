import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { runAttempt } from '../engine/attempt.js';
import { assertSerializable } from '../engine/serialize.js';
import { redisObjectStore } from '../objects/redis.js';
import { importExport, type TargetResolver } from '../targets/resolve.js';
import type { Executor, StageFunction } from '../types.js';
import type { StageJobData } from './bullmq.js';
import { stageContext } from './context.js';
import { encodeFailure, probeRedis, queueDefaults, type RedisQueueOptions, redisOptions } from './redis.js';

export interface WorkflowWorkerOptions extends RedisQueueOptions {
  /** Resolves plugin and package targets the way the host does (same plugins installed). */
  resolver: TargetResolver;
  /** Stage jobs this process runs at once. Default 8. */
  concurrency?: number;
  /** A job whose worker stops renewing its lock this long is given to another worker. Default 30 s (BullMQ's). */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for. Default 30 s. */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before it fails. Default 5. */
  maxStalledCount?: number;
  onEvent?: (event: {
    type: 'active' | 'completed' | 'failed';
    jobId: string;
    stage: string;
    error?: string;
  }) => void;
}

export interface WorkflowWorker {
  readonly worker: Worker;
  /** Stop taking jobs; waits for running ones unless `force`. */
  close(force?: boolean): Promise<void>;
}

/**
 * A BullMQ worker that runs stage jobs (what `flow worker` starts). Each job's stage is
 * resolved here, through this process's plugins, then run with a ctx whose artifacts live
 * in Redis; its result must be JSON.
 */
export async function createWorkflowWorker(options: WorkflowWorkerOptions): Promise<WorkflowWorker> {
  const o = queueDefaults(options);
  await probeRedis(o.url, o.connectTimeoutMs);
  const [{ Worker: WorkerClass }, { Redis: Client }] = await Promise.all([
    import('bullmq'),
    import('ioredis'),
  ]);
  const redis: Redis = new Client(o.url, redisOptions(o.connectTimeoutMs));
  const subscriber: Redis = new Client(o.url, redisOptions(o.connectTimeoutMs));
  const running = new Map<string, Set<AbortController>>();
  await subscriber.subscribe(`${o.prefix}:${o.queue}:cancel`);
  subscriber.on('message', (_channel, runId: string) => {
    for (const c of running.get(runId) ?? []) c.abort();
  });
  const fns = new Map<string, StageFunction>();
  const load = async (data: StageJobData): Promise<StageFunction> => {
    const t = data.target;
    const key = `${t.url}#${t.exportName}#${t.target}`;
    let fn = fns.get(key);
    if (!fn) {
      // The host's file path when this machine has it; otherwise resolve the target string here.
      fn = (
        t.url && existsSync(fileURLToPath(t.url))
          ? await importExport(t.url, t.exportName, t.target)
          : (await options.resolver.resolve(t.target, data.baseDir, 'stage')).value
      ) as StageFunction;
      fns.set(key, fn);
    }
    return fn;
  };
  const inProcess = (fn: StageFunction): Executor => ({
    name: 'bullmq-worker',
    concurrency: 1,
    run: async (task, io) =>
      fn(task.input, stageContext(task, io, redisObjectStore(redis, o.prefix, task.runId))),
    close: async () => {},
  });
  const processor = async (job: Job<StageJobData>, _token?: string, signal?: AbortSignal) => {
    const data = job.data;
    const control = new AbortController();
    const mine = running.get(data.runId) ?? new Set();
    mine.add(control);
    running.set(data.runId, mine);
    signal?.addEventListener('abort', () => control.abort(), { once: true });
    options.onEvent?.({ type: 'active', jobId: String(job.id), stage: data.stage });
    try {
      const fn = await load(data);
      const io = {
        signal: control.signal,
        onProgress: (done: number, total: number | undefined, message: string | undefined) =>
          void job.updateProgress({ done, total, message }).catch(() => {}),
        onLog: (level: string, message: string) => void job.log(`[${level}] ${message}`).catch(() => {}),
      };
      const value = await runAttempt(inProcess(fn), { ...data, target: data.target }, io, control.signal);
      assertSerializable(value, data.stage, 'bullmq');
      options.onEvent?.({ type: 'completed', jobId: String(job.id), stage: data.stage });
      return value ?? null;
    } catch (error) {
      options.onEvent?.({
        type: 'failed',
        jobId: String(job.id),
        stage: data.stage,
        error: String((error as Error)?.message ?? error),
      });
      throw new Error(encodeFailure(error));
    } finally {
      mine.delete(control);
      if (mine.size === 0) running.delete(data.runId);
    }
  };
  const worker: Worker = new WorkerClass(o.queue, processor, {
    connection: new Client(o.url, redisOptions(o.connectTimeoutMs)),
    prefix: o.prefix,
    concurrency: options.concurrency ?? 8,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 5,
  });
  worker.on('error', () => {}); // connection blips are retried by ioredis; failures surface per job
  await worker.waitUntilReady();
  return {
    worker,
    async close(force = false) {
      await worker.close(force);
      (worker.opts.connection as Redis).disconnect();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
