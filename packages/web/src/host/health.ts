import type { HealthResult } from '../types.js';
import type { PluginRuntime } from './runtime.js';

/**
 * Run the plugin's own check with the manifest's timeout and remember the
 * result; a plugin without a check is healthy while it runs.
 */
export async function checkHealth(rt: PluginRuntime): Promise<HealthResult> {
  const check = rt.def.health;
  if (!check || !rt.ctx) return rt.health;
  const timeoutMs = rt.meta?.health?.timeoutMs ?? 2_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      Promise.resolve(check(rt.ctx)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`health check did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    rt.health = typeof result === 'boolean' ? { ok: result } : result;
  } catch (error) {
    rt.health = { ok: false, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
  rt.health.checkedAt = Date.now();
  return rt.health;
}

/** Re-check on the manifest's interval while the plugin is enabled; returns the stopper. */
export function watchHealth(rt: PluginRuntime): () => void {
  if (!rt.def.health) return () => {};
  void checkHealth(rt);
  const timer = setInterval(() => void checkHealth(rt), rt.meta?.health?.intervalMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
