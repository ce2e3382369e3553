import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type InFlight, runAttempt } from '../engine/attempt.js';
import { assertSerializable } from '../engine/serialize.js';
import { redisObjectStore } from '../objects/redis.js';
import { importExport, type TargetResolver } from '../targets/resolve.js';
import type { Executor, ObjectStore, ResolvedTarget, StageFunction, StageTask, TaskIO } from '../types.js';
import { stageContext } from './context.js';
import { encodeFailure, probeRedis, queueDefaults, type RedisQueueOptions, redisOptions } from './redis.js';
import { noticePublisher, resultsQueueName } from './results.js';
import { type StageJobData, specReader } from './spec.js';

type NoticePublisher = ReturnType<typeof noticePublisher>;

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

interface RunSlot {
  /** Aborted by the run's cancel message; timeouts combine with it. */
  control: AbortController;
  jobs: Set<JobIO>;
  /** runAttempt's rejecters, so a cancelled job fails at once even if its stage ignores the signal. */
  attempts: InFlight;
  objects: ObjectStore;
}

const close = async () => {};
/** Runs whose slots may stay on a worker with none of their jobs running. */
const IDLE_RUNS = 64;
const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as PromiseLike<unknown> | null)?.then === 'function';
/** An executor whose one task is a stage call already under way. */
const started = (work: PromiseLike<unknown>): Executor => ({
  name: 'bullmq-worker',
  concurrency: 1,
  run: () => Promise.resolve(work),
  close,
});

/**
 * A job's I/O for its stage: progress and logs go to the BullMQ job. Its signal (what
 * `ctx.signal` gives) is made on first use: most stages never look, and an AbortController
 * per job is a measurable share of a short job's cost. A signal of its own per job, not
 * the run's, so listeners that stage code leaves on it go away with the job.
 */
class JobIO implements TaskIO {
  #control: AbortController | undefined;
  #aborted = false;
  constructor(
    private readonly job: Job,
    private readonly notices: NoticePublisher,
  ) {}
  get signal(): AbortSignal {
    if (!this.#control) {
      this.#control = new AbortController();
      if (this.#aborted) this.#control.abort();
    }
    return this.#control.signal;
  }
  abort() {
    this.#aborted = true;
    this.#control?.abort();
  }
  onProgress(done: number, total: number | undefined, message: string | undefined) {
    // The job's own progress too, for tools that watch the queue.
    this.job.updateProgress({ done, total, message }).catch(() => {});
    this.notices.publish(['progress', String(this.job.id), { done, total, message }]);
  }
  onLog(level: string, message: string) {
    this.job.log(`[${level}] ${message}`).catch(() => {});
  }
}

export interface WorkflowWorker {
  /** The BullMQ worker. Stages are cancelled through the executor's cancel channel, not `worker.cancelJob`. */
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
  const [{ Worker: WorkerClass, QueueEventsProducer: ProducerClass }, { Redis: Client }] = await Promise.all([
    import('bullmq'),
    import('ioredis'),
  ]);
  const redis: Redis = new Client(o.url, redisOptions(o.connectTimeoutMs));
  const subscriber: Redis = new Client(o.url, redisOptions(o.connectTimeoutMs));
  const producer = new ProducerClass(resultsQueueName(o.queue), { connection: redis, prefix: o.prefix });
  const notices = noticePublisher(producer);
  // The jobs of each run on this worker, for the cancel message, and the run's object store.
  const runs = new Map<string, RunSlot>();
  await subscriber.subscribe(`${o.prefix}:${o.queue}:cancel`);
  subscriber.on('message', (_channel, runId: string) => {
    const slot = runs.get(runId);
    if (!slot) return;
    runs.delete(runId); // jobs of the run that start after this get a new slot
    slot.control.abort();
    for (const io of slot.jobs) io.abort();
    for (const cancel of [...slot.attempts]) cancel(slot.control.signal);
  });
  // A run's slot outlives its jobs on this worker (the next job of the run, often the next
  // thing this worker runs, reuses it) until enough runs are here to sweep the idle ones.
  const enter = (runId: string, io: JobIO): RunSlot => {
    let slot = runs.get(runId);
    if (!slot) {
      if (runs.size >= IDLE_RUNS) for (const [id, s] of runs) if (s.jobs.size === 0) runs.delete(id);
      slot = {
        control: new AbortController(),
        jobs: new Set(),
        attempts: new Set(),
        objects: redisObjectStore(redis, o.prefix, runId),
      };
      runs.set(runId, slot);
    }
    slot.jobs.add(io);
    return slot;
  };
  const leave = (slot: RunSlot, io: JobIO) => {
    slot.jobs.delete(io);
  };
  const specs = specReader(redis, o.prefix, o.queue);
  // Stage functions by target: by the object for targets of cached specs, else by its text.
  const fns = new Map<string, StageFunction>();
  const fnOf = new WeakMap<ResolvedTarget, StageFunction>();
  const keyOf = (t: ResolvedTarget) => `${t.url}#${t.exportName}#${t.target}`;
  const load = async (t: ResolvedTarget, baseDir: string): Promise<StageFunction> => {
    let fn = fns.get(keyOf(t));
    // The host's file path when this machine has it; otherwise resolve the target string here.
    fn ??= (
      t.url && existsSync(fileURLToPath(t.url))
        ? await importExport(t.url, t.exportName, t.target)
        : (await options.resolver.resolve(t.target, baseDir, 'stage')).value
    ) as StageFunction;
    fns.set(keyOf(t), fn);
    fnOf.set(t, fn);
    return fn;
  };
  const onEvent = options.onEvent;
  // Cancellation reaches stages through the cancel channel (the executor publishes a run's
  // cancel there), so the processor takes no BullMQ signal: BullMQ then makes no
  // AbortController per job either.
  const processor = async (job: Job<StageJobData>) => {
    const data = job.data;
    const io = new JobIO(job, notices);
    const slot = enter(data.runId, io);
    onEvent?.({ type: 'active', jobId: String(job.id), stage: data.stage });
    try {
      const found = specs.of(data);
      const spec = found instanceof Promise ? await found : found;
      const task: StageTask = {
        runId: data.runId,
        stage: data.stage,
        index: data.index,
        attempt: data.attempt,
        target: spec.target,
        baseDir: spec.baseDir,
        input: data.input,
        workflowInput: spec.workflowInput,
        timeoutMs: spec.timeoutMs,
      };
      const fn = fnOf.get(spec.target) ?? (await load(spec.target, spec.baseDir));
      const signal = slot.control.signal;
      let value: unknown;
      if (task.timeoutMs === undefined && !signal.aborted) {
        // No timeout to arm: call the stage at once. Only one still running when it returns
        // needs runAttempt, so that the run's cancel message fails it even if it ignores ctx.signal.
        const out = fn(task.input, stageContext(task, io, slot.objects));
        value = isThenable(out) ? await runAttempt(started(out), task, io, signal, slot.attempts) : out;
      } else {
        // runAttempt adds the stage's timeout; the stage runs here, with the run's artifacts in Redis.
        const executor: Executor = {
          name: 'bullmq-worker',
          concurrency: 1,
          run: async (t, io) => fn(t.input, stageContext(t, io, slot.objects)),
          close,
        };
        value = await runAttempt(executor, task, io, signal, slot.attempts);
      }
      assertSerializable(value, data.stage, 'bullmq');
      onEvent?.({ type: 'completed', jobId: String(job.id), stage: data.stage });
      return value ?? null;
    } catch (error) {
      onEvent?.({
        type: 'failed',
        jobId: String(job.id),
        stage: data.stage,
        error: String((error as Error)?.message ?? error),
      });
      throw new Error(encodeFailure(error));
    } finally {
      leave(slot, io);
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
  // After BullMQ has stored the outcome, tell the host (batched per tick).
  worker.on('completed', (job, result) => notices.done(String(job.id), result));
  worker.on('failed', (job, error) => job && notices.publish(['failed', String(job.id), error.message]));
  await worker.waitUntilReady();
  return {
    worker,
    async close(force = false) {
      await worker.close(force);
      await notices.flush();
      await producer.close();
      (worker.opts.connection as Redis).disconnect();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
