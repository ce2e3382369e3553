import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** First look at a job's hash this long after adding it, then at doubling intervals up to the max. */
export const RECHECK_FIRST_MS = 1000;
export const RECHECK_MAX_MS = 30_000;
/** How often the host looks for jobs that are due. */
export const RECHECK_TICK_MS = 250;

/** A job's state as its hash tells it. `addedAt` is when that job was added (its BullMQ timestamp). */
export type JobOutcome =
  | { kind: 'missing' }
  | { kind: 'pending' }
  | { kind: 'done'; value: unknown; addedAt: number }
  | { kind: 'failed'; reason: string; addedAt: number };

/** Read the outcome of several jobs in one round trip. */
export async function readOutcomes(
  client: Redis,
  queue: Queue,
  ids: readonly string[],
): Promise<JobOutcome[]> {
  const pipeline = client.pipeline();
  for (const id of ids)
    pipeline.hmget(queue.toKey(id), 'timestamp', 'finishedOn', 'returnvalue', 'failedReason');
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((_, i): JobOutcome => {
    const [error, fields] = replies[i] ?? [];
    if (error) throw error;
    const [timestamp, finishedOn, returnvalue, failedReason] = (fields ?? []) as Array<string | null>;
    if (timestamp === null || timestamp === undefined) return { kind: 'missing' };
    if (!finishedOn) return { kind: 'pending' };
    const addedAt = Number(timestamp);
    if (returnvalue === null && failedReason) return { kind: 'failed', reason: failedReason, addedAt };
    return { kind: 'done', value: JSON.parse(returnvalue ?? 'null'), addedAt };
  });
}

/** When a waiting job's hash is read next. */
export interface Rechecked {
  /** When its job was sent to Redis by this host (0: not yet). */
  addedAt: number;
  checkAt: number;
  every: number;
}

export interface RecheckOptions<W extends Rechecked> {
  waiters: Map<string, W>;
  read(ids: readonly string[]): Promise<JobOutcome[]>;
  settle(jobId: string, ok: boolean, value: unknown): void;
  /** Put a fresh job in place of one that failed before this host added it, or is gone. */
  replace(jobId: string, waiter: W): Promise<void>;
}

/**
 * Every tick, read the hashes of the jobs that are due, in one round trip, and act on
 * those that finished. A job that failed before this host sent it (a resumed run meeting
 * its old failure or cancellation) or that is gone is replaced: resuming redoes what failed.
 * The times compare BullMQ's job timestamp with this host's clock; both come from hosts.
 */
export function startRecheck<W extends Rechecked>(options: RecheckOptions<W>): { stop(): void } {
  const { waiters } = options;
  let checking = false;
  const tick = async () => {
    const now = Date.now();
    const due: Array<[string, W]> = [];
    for (const entry of waiters) if (entry[1].checkAt <= now) due.push(entry);
    if (checking || due.length === 0) return;
    checking = true;
    for (const [, w] of due) {
      w.every = Math.min(w.every * 2, RECHECK_MAX_MS);
      w.checkAt = now + w.every;
    }
    try {
      const outcomes = await options.read(due.map(([id]) => id));
      for (const [i, [jobId, w]] of due.entries()) {
        const outcome = outcomes[i];
        if (waiters.get(jobId) !== w || !outcome || outcome.kind === 'pending') continue;
        if (outcome.kind === 'done') options.settle(jobId, true, outcome.value);
        else if (outcome.kind === 'failed' && outcome.addedAt >= w.addedAt)
          options.settle(jobId, false, outcome.reason);
        else {
          w.addedAt = Date.now();
          w.every = RECHECK_FIRST_MS;
          w.checkAt = w.addedAt + RECHECK_FIRST_MS;
          await options.replace(jobId, w);
        }
      }
    } catch {
      // Redis is unreachable for now; the next tick tries again.
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void tick(), RECHECK_TICK_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
