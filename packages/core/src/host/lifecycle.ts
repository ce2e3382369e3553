import type { Problem } from '../errors.js';
import { createLifecycle } from '../lifecycle/manager.js';
import type { LifecycleUnit } from '../lifecycle/types.js';
import { type Rediscovered, replaceInDiscovery } from './rediscover.js';
import type {
  ExcludedPlugin,
  HostDiscovery,
  HostLifecycle,
  HostLifecycleOptions,
  HostPlugin,
} from './types.js';

/** The plugins named in `only`, plus everything they require, transitively. */
function closure<T, M>(found: HostDiscovery<T, M>, only: readonly string[]): Set<string> {
  const wanted = new Set<string>();
  const requiresOf = (name: string) =>
    found.get(name)?.requires ?? found.excluded.find((e) => e.name === name)?.requires ?? {};
  const visit = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dep of Object.keys(requiresOf(name))) visit(dep);
  };
  for (const name of only) visit(name);
  return wanted;
}

/**
 * Lifecycle units for a host's plugins: usable ones load through `create`,
 * excluded ones enter as `failed` with their discovery problem, so a plugin that
 * requires them is `skipped` with the real reason instead of "not installed".
 */
export function hostLifecycle<T, M, I>(
  found: HostDiscovery<T, M>,
  options: HostLifecycleOptions<T, I, M> = {},
  reread?: (current: HostPlugin<T, M> | ExcludedPlugin) => Rediscovered<T, M>,
): HostLifecycle<I> {
  const wanted = options.only ? closure(found, options.only) : undefined;
  const pick = (name: string) => wanted === undefined || wanted.has(name);
  // The plugin as discovered now (a reload re-reads it), and the one whose load made the running instance.
  const known = new Map<string, HostPlugin<T, M> | ExcludedPlugin>();
  const live = new Map<string, HostPlugin<T, M>>();
  const unitOf = (plugin: HostPlugin<T, M>): LifecycleUnit<I> => {
    const timeoutMs = options.timeoutFor?.(plugin);
    return {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      id: plugin.name,
      version: plugin.package.version,
      requires: plugin.requires,
      load: async (signal) => {
        const value = await plugin.load();
        live.set(plugin.name, plugin);
        return options.create ? options.create(value, plugin, signal) : (value as unknown as I);
      },
    };
  };
  const units: LifecycleUnit<I>[] = [];
  for (const plugin of found.plugins) {
    if (!pick(plugin.name)) continue;
    known.set(plugin.name, plugin);
    live.set(plugin.name, plugin);
    units.push(unitOf(plugin));
  }
  const excluded = new Map<string, Problem>();
  for (const e of found.excluded) {
    if (!pick(e.name) || known.has(e.name) || excluded.has(e.name)) continue;
    known.set(e.name, e);
    excluded.set(e.name, e.problem);
    units.push({
      id: e.name,
      version: e.package.version,
      requires: e.requires,
      load: () => {
        throw new Error('excluded plugins are never loaded');
      },
    });
  }
  const hooks: Record<string, (ctx: { id: string; instance: I; signal: AbortSignal }) => unknown> = {};
  for (const [name, hook] of Object.entries(options.hooks ?? {})) {
    if (hook) hooks[name] = (ctx) => hook({ ...ctx, plugin: live.get(ctx.id)! });
  }
  const life = createLifecycle<I>({
    units,
    hooks,
    excluded,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.autoEnable !== undefined ? { autoEnable: options.autoEnable } : {}),
    ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
    ...(options.phased ? { phased: true } : {}),
    ...(options.afterLoad ? { afterLoad: options.afterLoad } : {}),
    ...(options.afterStart ? { afterStart: options.afterStart } : {}),
  });
  return {
    ...life,
    // Re-read between teardown and bring-up: the old instance is gone before the new code loads.
    reload: (id) =>
      life.reload(id, () => {
        const current = known.get(id);
        if (!current || !reread) return {};
        const next = reread(current);
        replaceInDiscovery(found, next);
        if ('excluded' in next) {
          known.set(id, next.excluded);
          return { problem: next.excluded.problem };
        }
        known.set(id, next.plugin);
        return { unit: unitOf(next.plugin) };
      }),
  };
}
