import { describeError, ErrorCodes, PlugboardError } from '../errors.js';

export interface RunHookOptions {
  plugin: string;
  hook: string;
  timeoutMs: number;
}

/**
 * Run one hook with a timeout. The hook receives an AbortSignal that fires on
 * timeout so well-behaved hooks can clean up; a hook that ignores it is left
 * behind and the plugin is marked failed.
 */
export async function runHook<R>(fn: (signal: AbortSignal) => R | Promise<R>, o: RunHookOptions): Promise<R> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new PlugboardError(
        ErrorCodes.HOOK_TIMEOUT,
        `Plugin "${o.plugin}" did not finish its ${o.hook} hook within ${o.timeoutMs} ms; it was marked failed. Make the hook finish sooner, or raise the timeout.`,
        { plugin: o.plugin },
      );
      controller.abort(error);
      reject(error);
    }, o.timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([Promise.resolve().then(() => fn(controller.signal)), timeout]);
  } catch (error) {
    if (error instanceof PlugboardError) throw error;
    throw new PlugboardError(
      ErrorCodes.HOOK_FAILED,
      `Plugin "${o.plugin}" failed in its ${o.hook} hook: ${describeError(error)}`,
      { plugin: o.plugin, cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
