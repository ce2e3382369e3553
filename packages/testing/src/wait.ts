/** How long a wait may take and how to name it when it times out. */
export interface WaitOptions {
  /** Give up after this many ms (default 5000). */
  timeoutMs?: number;
  /** Time between checks (default 10 ms). */
  intervalMs?: number;
  /** What was awaited, for the timeout message (e.g. "the config to show port 2"). */
  message?: string;
}

/** The error a wait rejects with, carrying what the check last saw. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
  constructor(
    message: string,
    /** The last value or error the check produced. */
    readonly last: unknown,
  ) {
    super(message, last instanceof Error ? { cause: last } : undefined);
  }
}

const describe = (value: unknown) =>
  value instanceof Error ? `threw "${value.message}"` : `returned ${JSON.stringify(value) ?? String(value)}`;

/**
 * Check again and again until `check` returns something truthy (a check that
 * throws counts as not yet), and resolve with that value. Tests wait for what
 * they mean ("the host saw the save") instead of sleeping a guessed time.
 */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(
        `waitUntil: ${options.message ?? 'the condition'} did not hold within ${timeoutMs} ms (the check last ${describe(last)}).`,
        last,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The first call of a listener: `subscribe` registers it (and may return an
 * unsubscribe function, called once the event came or the wait timed out).
 * Resolves with the listener's first argument.
 *
 * ```ts
 * const error = await nextEvent((listener) => host.onError(listener));
 * ```
 */
export function nextEvent<A>(
  subscribe: (listener: (value: A, ...rest: unknown[]) => void) => (() => unknown) | undefined,
  options: Omit<WaitOptions, 'intervalMs'> = {},
): Promise<A> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise<A>((resolve, reject) => {
    let done = false;
    let unsubscribe: (() => unknown) | undefined;
    const timer = setTimeout(() => {
      finish();
      reject(
        new WaitTimeoutError(
          `nextEvent: ${options.message ?? 'the event'} did not happen within ${timeoutMs} ms.`,
          undefined,
        ),
      );
    }, timeoutMs);
    const finish = () => {
      done = true;
      clearTimeout(timer);
      unsubscribe?.();
    };
    unsubscribe = subscribe((value) => {
      if (done) return;
      finish();
      resolve(value);
    });
    // the listener may have fired during subscribe(), before unsubscribe was known
    if (done) unsubscribe?.();
  });
}
