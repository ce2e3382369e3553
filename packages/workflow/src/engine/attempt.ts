import { toMs } from '../definition/duration.js';
import type { StageOptions } from '../definition/schema.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import type { Executor, StageTask, TaskIO } from '../types.js';

/** Wait before retry number `retry` (1-based): fixed, or doubling up to `max`. Default 100 ms fixed. */
export function backoffMs(options: StageOptions | undefined, retry: number): number {
  const b = options?.backoff;
  if (b === undefined) return 100;
  if (typeof b !== 'object') return toMs(b) ?? 0;
  const delay = toMs(b.delay) ?? 0;
  const ms = b.type === 'exponential' ? delay * 2 ** (retry - 1) : delay;
  const max = toMs(b.max);
  return max === undefined ? ms : Math.min(ms, max);
}

function abortError(signal: AbortSignal, task: StageTask): Error {
  const reason = signal.reason as unknown;
  if (reason instanceof WorkflowError) return reason;
  return new WorkflowError(
    WorkflowErrorCodes.CANCELLED,
    `stage "${task.stage}" was cancelled with its run.`,
    { stage: task.stage },
  );
}

/** The I/O with another signal: a plain object, whether `io` is one or a class instance. */
function withSignal(io: TaskIO, signal: AbortSignal): TaskIO {
  return {
    signal,
    onProgress: (done, total, message) => io.onProgress(done, total, message),
    onLog: (level, message) => io.onLog(level, message),
  };
}

/** Rejecters of the attempts in flight: the engine aborts them all with one listener on the run's signal. */
export type InFlight = Set<(signal: AbortSignal) => void>;

/**
 * One attempt of a task on an executor. With a timeout the stage's signal aborts with
 * PB_WORKFLOW_STAGE_TIMEOUT; the engine stops waiting as soon as the signal aborts, so a
 * stage that ignores its signal cannot hang the run. Cancellation goes through
 * `inflight` rather than one listener per task on the run's signal: EventTarget checks
 * for duplicate listeners on every add, which is quadratic over thousands of stages.
 * Without a timeout the executor gets `io` as it is: its signal may be a per-job one
 * that aborts along with `runSignal` (the BullMQ worker's).
 */
export function runAttempt(
  executor: Executor,
  task: StageTask,
  io: TaskIO,
  runSignal: AbortSignal,
  inflight?: InFlight,
): Promise<unknown> {
  let signal = runSignal;
  let timer: NodeJS.Timeout | undefined;
  let timeoutSignal: AbortSignal | undefined;
  if (task.timeoutMs !== undefined) {
    const ctl = new AbortController();
    const ms = task.timeoutMs;
    timer = setTimeout(() => {
      ctl.abort(
        new WorkflowError(
          WorkflowErrorCodes.STAGE_TIMEOUT,
          `stage "${task.stage}" did not finish within its timeout of ${ms} ms (attempt ${task.attempt}); make it faster, honour ctx.signal, or raise options.timeout.`,
          { stage: task.stage },
        ),
      );
    }, ms);
    timeoutSignal = ctl.signal;
    signal = AbortSignal.any([runSignal, ctl.signal]);
  }
  if (signal.aborted) {
    if (timer) clearTimeout(timer);
    return Promise.reject(abortError(signal, task));
  }
  let work: Promise<unknown>;
  try {
    work = executor.run(task, signal === runSignal ? io : withSignal(io, signal));
  } catch (error) {
    work = Promise.reject(error);
  }
  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const cancel = (s: AbortSignal) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(abortError(s, task));
    };
    const onTimeout = () => cancel(timeoutSignal as AbortSignal);
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      timeoutSignal?.removeEventListener('abort', onTimeout);
      inflight?.delete(cancel);
    };
    timeoutSignal?.addEventListener('abort', onTimeout, { once: true });
    if (inflight) inflight.add(cancel);
    else runSignal.addEventListener('abort', () => cancel(runSignal), { once: true });
    work.then(
      (v) => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(v);
      },
      (e: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(signal.aborted ? abortError(signal, task) : e);
      },
    );
  });
}
