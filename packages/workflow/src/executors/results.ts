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
 */

/** The side stream's name: a pseudo-queue next to the stage queue (BullMQ forbids ":" in names). */
export const resultsQueueName = (queue: string) => `${queue}.results`;

export const RESULTS_EVENT = 'stage-results';

/** One notice: a job done with its result, failed with its encoded reason, or progress. */
export type Notice =
  | [kind: 'done', jobId: string, result: unknown]
  | [kind: 'failed', jobId: string, reason: string]
  | [
      kind: 'progress',
      jobId: string,
      progress: { done: number; total?: number | undefined; message?: string | undefined },
    ];

/** The custom event as QueueEvents hands it over: the batch as JSON text. */
export interface ResultsListener extends QueueEventsListener {
  [RESULTS_EVENT]: (args: { batch: string }, id: string) => void;
}

/** Entries kept in the side stream (each a batch of notices). */
const MAX_EVENTS = 10_000;

/** Collects notices and publishes those of one tick as one event. */
export function noticePublisher(producer: QueueEventsProducer) {
  let pending: Notice[] = [];
  let sending: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return sending;
    sending = producer
      .publishEvent({ eventName: RESULTS_EVENT, batch: JSON.stringify(batch) }, MAX_EVENTS)
      .catch(() => {}); // the host's re-read covers a lost batch
    return sending;
  };
  return {
    publish(notice: Notice) {
      if (pending.length === 0) setImmediate(flush);
      pending.push(notice);
    },
    /** Publish what is pending now and wait for it (before closing). */
    flush,
  };
}
