import { ErrorCodes, type Problem } from '../errors.js';
import { dependentsOf, orderPlugins } from './order.js';
import type { LifecycleReport, LifecycleUnit, PluginState } from './types.js';

/** What `reload()` brings up in place of the unit it tears down. */
export interface ReloadOptions<T> {
  /** The unit as it is now (a fresh `load`, re-read `version` and `requires`); default the current one. */
  unit?: LifecycleUnit<T>;
  /** The plugin can no longer be used (e.g. its manifest became invalid): it ends `failed` with this problem. */
  problem?: Problem;
}

/**
 * The replacement, or a function that gives it: called after the teardown and
 * before the bring-up (where a host kit re-reads the plugin's package). A throw
 * there fails the plugin with that error.
 */
export type ReloadWith<T> = ReloadOptions<T> | (() => ReloadOptions<T> | Promise<ReloadOptions<T>>);

interface ReloadEntry<T> {
  unit: LifecycleUnit<T>;
  state: PluginState;
  ms: number;
}

/** The lifecycle manager's own steps, which a reload reuses (so it tears down exactly as stop does). */
export interface ReloadParts<T, E extends ReloadEntry<T>> {
  entries: Map<string, E>;
  /** Entries in load order. */
  loaded(): readonly E[];
  /** Discovery problems by id, as they are now; a reload updates it. */
  excluded: Map<string, Problem>;
  /** Whether a started plugin is enabled (the manager's `autoEnable`). */
  enable: boolean;
  set(entry: E, state: PluginState, error?: Problem): void;
  teardown(entry: E): Promise<boolean>;
  bringUp(entry: E, enable: boolean): Promise<boolean>;
  skipIfDependencyFailed(entry: E): boolean;
  reportOf(list: E[], ok: boolean): LifecycleReport;
  asProblem(error: unknown, id: string): Problem;
}

/**
 * Tear down `id` and its dependents (reverse load order), then bring them up again
 * in `requires` order, ordered anew since the new unit may require other plugins.
 * A teardown hook that fails is reported (`onStateChange`) and does not stop the
 * fresh start: the reason to reload is often that the old code was broken.
 */
export async function reloadUnit<T, E extends ReloadEntry<T>>(
  parts: ReloadParts<T, E>,
  id: string,
  next: ReloadWith<T>,
): Promise<LifecycleReport> {
  const { entries } = parts;
  const units = () => [...entries.values()].map((e) => e.unit);
  // Who depends on `id` does not depend on what `id` itself requires.
  const affected = dependentsOf(units(), id);
  const wasDisabled = new Set([...affected].filter((a) => entries.get(a)!.state === 'disabled'));
  for (const a of affected) entries.get(a)!.ms = 0;
  for (const entry of [...parts.loaded()].reverse())
    if (affected.has(entry.unit.id)) await parts.teardown(entry);

  let o: ReloadOptions<T>;
  try {
    o = typeof next === 'function' ? await next() : next;
    if (o.unit && o.unit.id !== id) throw new Error(`the new unit's id is "${o.unit.id}", not "${id}"`);
  } catch (error) {
    o = { problem: parts.asProblem(error, id) };
  }
  if (o.unit) {
    entries.get(id)!.unit = o.unit;
    parts.excluded.delete(id);
  }
  if (o.problem) parts.excluded.set(id, o.problem);

  const { order, excluded } = orderPlugins(units(), parts.excluded);
  const up = order.filter((u) => affected.has(u.id)).map((u) => entries.get(u.id)!);
  const left = [...affected].filter((a) => excluded.has(a)).map((a) => entries.get(a)!);
  for (const entry of left) {
    const problem = excluded.get(entry.unit.id)!;
    parts.set(entry, problem.code === ErrorCodes.DEPENDENCY_FAILED ? 'skipped' : 'failed', problem);
  }
  for (const entry of up) {
    parts.set(entry, 'validated');
    if (parts.skipIfDependencyFailed(entry)) continue;
    const keepOff = wasDisabled.has(entry.unit.id);
    if ((await parts.bringUp(entry, parts.enable && !keepOff)) && keepOff) parts.set(entry, 'disabled');
  }
  const goal = (e: E): PluginState =>
    wasDisabled.has(e.unit.id) ? 'disabled' : parts.enable ? 'enabled' : 'started';
  const list = [...up, ...left];
  return parts.reportOf(
    list,
    list.every((e) => e.state === goal(e)),
  );
}
