import type { QueueEventsListener, QueueEventsProducer } from 'bullmq';

/**
 * How stage outcomes get back to the host. BullMQ's own event stream carries four events
 * per job (added, waiting, active, completed), and reading all of them costs the host
 * about a fifth of what the whole job costs BullMQ. So `flow worker` publishes what the
 * host needs, batched per tick, as BullMQ custom events (QueueEventsProducer) on a side
 * stream of the queue; the host reads that with a QueueEvents. Notices can be lost (a
 * worker killed between finishing a job and publishing, a stream trimmed under a slow
 * reader, a job failed by BullMQ's stalled-job check): the host also reads the job's
 * hash of any job it has waited on for a while, so a lost notice only costs time.
 *
 * A result travels once more than BullMQ's own copy (the job hash) only when it is small:
 * for a result over INLINE_RESULT_CHARS of JSON the worker names the job in a separate
 * event (STORED_EVENT) and the host reads the result from the job hash. A separate event,
 * so that hosts without it ignore it and fall back to their re-read.
 */

/** The side stream's name: a pseudo-queue next to the stage queue (BullMQ forbids ":" in names). */
export const resultsQueueName = (queue: string) => `${queue}.results`;

export const RESULTS_EVENT = 'stage-results';
/** Jobs done whose results are to be read from their hashes: `{ ids }`, a JSON list of job ids. */
export const STORED_EVENT = 'stage-results-stored';
/** Results up to this many characters of JSON ride along in the notice. */
export const INLINE_RESULT_CHARS = 1024;

/** One notice: a job done with its result, failed with its encoded reason, or progress. */
export type Notice =
  | [kind: 'done', jobId: string, result: unknown]
  | [kind: 'failed', jobId: string, reason: string]
  | [
      kind: 'progress',
      jobId: string,
      progress: { done: number; total?: number | undefined; message?: string | undefined },
    ];

/** The custom events as QueueEvents hands them over: the batch as JSON text. */
export interface ResultsListener extends QueueEventsListener {
  [RESULTS_EVENT]: (args: { batch: string }, id: string) => void;
  [STORED_EVENT]: (args: { ids: string }, id: string) => void;
}

/** Entries kept in the side stream (each a batch of notices). */
const MAX_EVENTS = 10_000;

/** Collects notices and publishes those of one tick as one event (two when some results are large). */
export function noticePublisher(producer: QueueEventsProducer) {
  // Notices already as JSON text, so a result is serialized once here.
  let pending: string[] = [];
  let stored: string[] = [];
  let sending: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending;
    const ids = stored;
    pending = [];
    stored = [];
    if (batch.length === 0 && ids.length === 0) return sending;
    const sends: Promise<unknown>[] = [];
    if (batch.length > 0)
      sends.push(
        producer.publishEvent({ eventName: RESULTS_EVENT, batch: `[${batch.join(',')}]` }, MAX_EVENTS),
      );
    if (ids.length > 0)
      sends.push(producer.publishEvent({ eventName: STORED_EVENT, ids: JSON.stringify(ids) }, MAX_EVENTS));
    // The host's re-read covers a lost batch.
    sending = Promise.all(sends).then(
      () => {},
      () => {},
    );
    return sending;
  };
  const queued = () => {
    if (pending.length === 0 && stored.length === 0) setImmediate(flush);
  };
  return {
    publish(notice: Notice) {
      queued();
      pending.push(JSON.stringify(notice));
    },
    /** A job done: its result inline when small, else only its id (BullMQ stored the result). */
    done(jobId: string, result: unknown) {
      queued();
      const json = JSON.stringify(result ?? null);
      if (json.length > INLINE_RESULT_CHARS) stored.push(jobId);
      else pending.push(`["done",${JSON.stringify(jobId)},${json}]`);
    },
    /** Publish what is pending now and wait for it (before closing). */
    flush,
  };
}
