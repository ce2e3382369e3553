import type { Queue, QueueEvents } from 'bullmq';
import { defineExecutor } from '../define.js';
import { decodeError } from '../engine/serialize.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import type { Executor, StageTask, TaskIO } from '../types.js';
import { onAbort } from './abort.js';
import {
  decodeFailure,
  jobIdOf,
  probeRedis,
  queueDefaults,
  type RedisQueueOptions,
  redisOptions,
} from './redis.js';

export interface BullmqExecutorOptions extends RedisQueueOptions {
  /** Stage jobs in flight. Default 64. */
  concurrency?: number;
  /** Keep finished jobs (and their results) this long, so a resumed run can collect them. Default 1 day. */
  keepSeconds?: number;
}

/** What a stage job carries: everything a worker needs to resolve and run the stage. */
export type StageJobData = Omit<StageTask, 'target'> & { target: StageTask['target'] };

/**
 * Each stage is a BullMQ job with a deterministic id (run, stage, item, attempt): a
 * resumed run re-adds the same ids and collects results that finished meanwhile instead
 * of redoing them. Workers (`flow worker`) run anywhere with the same plugins installed.
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
  const events: QueueEvents = new EventsClass(o.queue, { connection: eventsConnection, prefix: o.prefix });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const progress = new Map<string, TaskIO>();
  events.on('progress', ({ jobId, data }) => {
    const p = data as { done?: number; total?: number; message?: string };
    progress.get(jobId)?.onProgress(Number(p?.done ?? 0), p?.total, p?.message);
  });
  // One listener per event for all jobs (not one per job), settling the job's waiter once.
  const waiters = new Map<string, { resolve(v: unknown): void; reject(reason: string): void }>();
  const settle = (jobId: string, ok: boolean, value: unknown) => {
    const w = waiters.get(jobId);
    if (!w) return;
    waiters.delete(jobId);
    if (ok) w.resolve(value);
    else w.reject(String(value));
  };
  events.on('completed', ({ jobId, returnvalue }) => settle(jobId, true, returnvalue));
  events.on('failed', ({ jobId, failedReason }) => settle(jobId, false, failedReason));
  const keep = options.keepSeconds ?? 86_400;
  const cancelChannel = `${o.prefix}:${o.queue}:cancel`;

  // Tasks started in the same tick go to Redis in one addBulk.
  let batch: Array<{ jobId: string; data: StageJobData }> = [];
  const flush = async () => {
    const jobs = batch;
    batch = [];
    try {
      await queue.addBulk(
        jobs.map((j) => ({
          name: j.data.stage,
          data: j.data,
          opts: { jobId: j.jobId, attempts: 1, removeOnComplete: { age: keep }, removeOnFail: { age: keep } },
        })),
      );
      // A resumed run re-adds ids whose jobs finished while its host was down: no event
      // will come for those, so read their outcome once.
      const multi = connection.multi();
      for (const j of jobs) multi.hmget(queue.toKey(j.jobId), 'finishedOn', 'returnvalue', 'failedReason');
      const replies = (await multi.exec()) ?? [];
      replies.forEach(([, fields], i) => {
        const [finishedOn, returnvalue, failedReason] = (fields ?? []) as Array<string | null>;
        if (!finishedOn) return;
        const jobId = (jobs[i] as { jobId: string }).jobId;
        if (returnvalue === null && failedReason) settle(jobId, false, failedReason);
        else settle(jobId, true, JSON.parse(returnvalue ?? 'null'));
      });
    } catch (error) {
      for (const j of jobs) settle(j.jobId, false, error instanceof Error ? error.message : String(error));
    }
  };

  return {
    name: 'bullmq',
    concurrency: options.concurrency ?? 64,
    async run(task, io) {
      if (!task.target.url && task.target.kind !== 'plugin') {
        throw new WorkflowError(
          WorkflowErrorCodes.TARGET_NOT_PORTABLE,
          `stage "${task.stage}" (target "${task.target.target}") was handed to the host as a function, so a worker cannot import it; give it a module or plugin target.`,
          { stage: task.stage },
        );
      }
      const jobId = jobIdOf(task.runId, task.stage, task.index, task.attempt);
      const done = new Promise<unknown>((resolve, reject) => {
        waiters.set(jobId, { resolve, reject: (reason) => reject(reason) });
      });
      if (batch.length === 0) setImmediate(() => void flush());
      batch.push({ jobId, data: { ...task } });
      progress.set(jobId, io);
      const cancel = () => {
        void connection.publish(cancelChannel, task.runId).catch(() => {});
        void queue.remove(jobId).catch(() => {}); // only waiting jobs can go; running ones get the cancel message
        settle(jobId, false, '[PB_WORKFLOW_CANCELLED] cancelled');
      };
      const dispose = onAbort(io.signal, cancel);
      try {
        return await done;
      } catch (reason) {
        const { code, message } = decodeFailure(String(reason));
        throw decodeError({ name: 'Error', message, code });
      } finally {
        progress.delete(jobId);
        dispose();
      }
    },
    async close() {
      await events.close();
      await queue.close();
      // BullMQ leaves connections it was handed open.
      connection.disconnect();
      eventsConnection.disconnect();
    },
  };
}

export const bullmqExecutor = defineExecutor<BullmqExecutorOptions>(createBullmqExecutor);
