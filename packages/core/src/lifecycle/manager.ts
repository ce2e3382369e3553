import { ErrorCodes, PlugboardError, type Problem, toProblem } from '../errors.js';
import { dependencyFailed, orderPlugins } from './order.js';
import { type ReloadParts, type ReloadWith, reloadUnit } from './reload.js';
import { runHook } from './run-hook.js';
import type {
  FailurePolicy,
  LifecycleHooks,
  LifecycleReport,
  LifecycleUnit,
  PluginReport,
  PluginState,
} from './types.js';

export interface CreateLifecycleOptions<T> {
  units: readonly LifecycleUnit<T>[];
  hooks?: LifecycleHooks<T>;
  /** Default hook timeout in ms (10 s). */
  timeoutMs?: number;
  /** `isolate` (default): a failing plugin fails alone. `abort`: the first failure stops the start. */
  policy?: FailurePolicy;
  /** Whether `start()` also enables each started plugin (default true). */
  autoEnable?: boolean;
  /**
   * Plugins already known to be broken (e.g. discovery problems), by id: a unit with
   * that id ends `failed` with the problem without loading, and its dependents are skipped.
   */
  excluded?: Map<string, Problem>;
  /** Called on every state change; for logs and progress output. */
  onStateChange?: (id: string, state: PluginState, error?: Problem) => void;
  /**
   * Bring plugins up phase by phase: load every plugin, then start every one, then
   * enable every one (Klipper loads all config objects before `klippy:connect`).
   * Default false: each plugin is loaded, started and enabled before the next loads.
   */
  phased?: boolean;
  /**
   * With `phased`, runs after every plugin loaded and before any starts (e.g. a
   * host's check of unused configuration). If it throws, everything loaded is
   * unloaded again and `start()` rejects with that error.
   */
  afterLoad?: () => void | Promise<void>;
  /**
   * With `phased`, runs after every plugin started and before any is enabled
   * (Klipper's `klippy:ready` to the host's own objects). If it throws,
   * everything is stopped and unloaded again and `start()` rejects with that error.
   */
  afterStart?: () => void | Promise<void>;
}

interface Entry<T> {
  unit: LifecycleUnit<T>;
  state: PluginState;
  instance?: T;
  error?: Problem | undefined;
  ms: number;
  // What has happened to the plugin, independent of `state` (a failed plugin may still
  // be loaded and started): teardown undoes exactly these, in reverse.
  loaded: boolean;
  started: boolean;
  enabled: boolean;
}

export interface Lifecycle<T> {
  /** Order, load, start and (by default) enable every plugin; resolves with a report, never rejects for a plugin. */
  start(): Promise<LifecycleReport>;
  /** Disable, stop and unload every plugin in reverse start order, whatever fails on the way. */
  stop(): Promise<LifecycleReport>;
  enable(id: string): Promise<void>;
  disable(id: string): Promise<void>;
  /**
   * Tear one plugin down exactly as `stop()` does (disable, stop, unload), after its
   * dependents, and bring it up again, loading it anew (its unit's `load`, or the
   * unit `options` gives), then its dependents (their own `load` again), in
   * `requires` order. Never phased. A plugin that was disabled comes back disabled.
   * Resolves with a report of the plugin and its dependents; rejects only for an
   * unknown id, or before `start()` finished / after `stop()`. Reloads run one at a time.
   */
  reload(id: string, options?: ReloadWith<T>): Promise<LifecycleReport>;
  state(id: string): PluginState | undefined;
  instance(id: string): T | undefined;
  report(): LifecycleReport;
}

function asProblem(error: unknown, id: string): Problem {
  if (error instanceof PlugboardError) return toProblem(error);
  return { code: ErrorCodes.HOOK_FAILED, message: String(error), plugin: id, cause: error };
}

/** The one lifecycle manager every adapter uses (see DESIGN.md, "Ordering and lifecycle"). */
export function createLifecycle<T>(options: CreateLifecycleOptions<T>): Lifecycle<T> {
  const hooks = options.hooks ?? {};
  const policy = options.policy ?? 'isolate';
  const defaultTimeout = options.timeoutMs ?? 10_000;
  const entries = new Map<string, Entry<T>>(
    options.units.map((unit) => [
      unit.id,
      { unit, state: 'discovered', ms: 0, loaded: false, started: false, enabled: false },
    ]),
  );
  // Entries in the order they were loaded; teardown walks it backwards.
  let loadOrder: Entry<T>[] = [];
  // Discovery problems as they are now (a reload can clear or add one).
  const excludedNow = new Map(options.excluded);
  let running = false;
  let stopping = false;
  // Reloads run one after another; stop() waits for the one in flight.
  let queue: Promise<unknown> = Promise.resolve();

  const set = (entry: Entry<T>, state: PluginState, error?: Problem) => {
    entry.state = state;
    entry.error = error;
    options.onStateChange?.(entry.unit.id, state, error);
  };

  // A failed or skipped plugin keeps that state (and its first error) through cleanup.
  const settled = (entry: Entry<T>) => entry.state === 'failed' || entry.state === 'skipped';

  /**
   * Run one timed, time-limited transition. On failure the plugin ends in `failed`
   * with the first error it had (a later cleanup failure does not hide the cause).
   */
  const attempt = async (
    entry: Entry<T>,
    hook: string,
    fn: ((signal: AbortSignal) => unknown) | undefined,
    next: PluginState,
  ): Promise<boolean> => {
    const t0 = performance.now();
    try {
      if (fn) {
        const timeoutMs = entry.unit.timeoutMs ?? defaultTimeout;
        const result = await runHook(fn, { plugin: entry.unit.id, hook, timeoutMs });
        if (hook === 'load') entry.instance = result as T;
      }
      if (!settled(entry)) set(entry, next);
      return true;
    } catch (error) {
      if (!settled(entry)) set(entry, 'failed', asProblem(error, entry.unit.id));
      return false;
    } finally {
      entry.ms += performance.now() - t0;
    }
  };

  const step = (entry: Entry<T>, hook: keyof LifecycleHooks<T>, next: PluginState) => {
    const fn = hooks[hook];
    const id = entry.unit.id;
    return attempt(entry, hook, fn && ((signal) => fn({ id, instance: entry.instance as T, signal })), next);
  };

  /** Undo whatever happened to one plugin: disable, stop, unload, each under its timeout. */
  const teardown = async (entry: Entry<T>): Promise<boolean> => {
    let ok = true;
    if (entry.enabled) {
      entry.enabled = false;
      ok = (await step(entry, 'disable', 'disabled')) && ok;
    }
    if (entry.started) {
      entry.started = false;
      ok = (await step(entry, 'stop', 'stopped')) && ok;
    }
    if (entry.loaded) {
      entry.loaded = false;
      ok = (await step(entry, 'unload', 'unloaded')) && ok;
      loadOrder = loadOrder.filter((e) => e !== entry);
    }
    return ok;
  };

  const bringUp = async (entry: Entry<T>, enable = options.autoEnable !== false): Promise<boolean> => {
    entry.loaded = await attempt(entry, 'load', (signal) => entry.unit.load(signal), 'loaded');
    if (!entry.loaded) return false;
    loadOrder.push(entry);
    entry.started = await step(entry, 'start', 'started');
    if (entry.started && enable) entry.enabled = await step(entry, 'enable', 'enabled');
    const ok = entry.started && (entry.enabled || !enable);
    if (!ok) await teardown(entry); // a half-started plugin is cleaned up now, not left loaded
    return ok;
  };

  const reportOf = (list: Entry<T>[], ok: boolean): LifecycleReport => ({
    ok,
    plugins: list.map(
      (e): PluginReport => ({
        id: e.unit.id,
        state: e.state,
        ms: Math.round(e.ms * 100) / 100,
        ...(e.error ? { error: e.error } : {}),
      }),
    ),
  });

  const rest = (shown: Entry<T>[]) => [...entries.values()].filter((e) => !shown.includes(e));

  const stopAll = async (): Promise<LifecycleReport> => {
    const list = [...loadOrder].reverse();
    let ok = true;
    for (const entry of list) {
      entry.ms = 0;
      ok = (await teardown(entry)) && ok;
    }
    return reportOf(list, ok);
  };

  /** Skip a plugin whose requirement failed or was skipped; true when skipped. */
  const skipIfDependencyFailed = (entry: Entry<T>): boolean => {
    const failedDep = Object.keys(entry.unit.requires ?? {}).find((d) => {
      const s = entries.get(d)?.state;
      return s === 'failed' || s === 'skipped';
    });
    if (failedDep === undefined) return false;
    set(entry, 'skipped', dependencyFailed(entry.unit.id, failedDep, entries.get(failedDep)!.error!));
    return true;
  };

  /** Each plugin all the way up before the next; returns whether `abort` stopped the start. */
  const startEach = async (ordered: Entry<T>[]): Promise<boolean> => {
    for (const entry of ordered) {
      if (skipIfDependencyFailed(entry)) continue;
      if (!(await bringUp(entry)) && policy === 'abort') return true;
    }
    return false;
  };

  /** Load all, then (afterLoad) start all, then (afterStart) enable all. */
  const startPhased = async (ordered: Entry<T>[]): Promise<boolean> => {
    const phase = async (run: (entry: Entry<T>) => Promise<boolean>, eligible: (e: Entry<T>) => boolean) => {
      for (const entry of ordered) {
        if (!eligible(entry)) continue;
        if (skipIfDependencyFailed(entry)) {
          await teardown(entry);
          continue;
        }
        if (!(await run(entry))) {
          await teardown(entry);
          if (policy === 'abort') return true;
        }
      }
      return false;
    };
    const load = async (entry: Entry<T>) => {
      entry.loaded = await attempt(entry, 'load', (signal) => entry.unit.load(signal), 'loaded');
      if (entry.loaded) loadOrder.push(entry);
      return entry.loaded;
    };
    /** A host step between two phases: if it throws, everything is torn down and start() rejects. */
    const between = async (hook: (() => void | Promise<void>) | undefined) => {
      try {
        await hook?.();
      } catch (error) {
        await stopAll();
        throw error;
      }
    };
    if (await phase(load, (e) => e.state === 'validated')) return true;
    await between(options.afterLoad);
    const start = async (entry: Entry<T>) => (entry.started = await step(entry, 'start', 'started'));
    if (await phase(start, (e) => e.loaded && e.state === 'loaded')) return true;
    await between(options.afterStart);
    if (options.autoEnable === false) return false;
    const enable = async (entry: Entry<T>) => (entry.enabled = await step(entry, 'enable', 'enabled'));
    return phase(enable, (e) => e.started && e.state === 'started');
  };

  const reloadParts: ReloadParts<T, Entry<T>> = {
    entries,
    loaded: () => loadOrder,
    excluded: excludedNow,
    enable: options.autoEnable !== false,
    set,
    teardown,
    bringUp,
    skipIfDependencyFailed,
    reportOf,
    asProblem,
  };
  const reloadNow = async (id: string, o: ReloadWith<T>): Promise<LifecycleReport> => {
    mustGet(entries, id);
    if (typeof o !== 'function' && o.unit && o.unit.id !== id)
      throw new PlugboardError(
        ErrorCodes.INVALID_STATE,
        `Cannot reload plugin "${id}" with the unit of "${o.unit.id}"; give a unit whose id is "${id}".`,
        { plugin: id },
      );
    return reloadUnit(reloadParts, id, o);
  };
  const notRunning = (id: string) =>
    new PlugboardError(
      ErrorCodes.INVALID_STATE,
      `Cannot reload plugin "${id}" ${stopping ? 'after stop()' : 'before start() has finished'}; reload a running host.`,
      { plugin: id },
    );

  const fail = (entry: Entry<T>): PlugboardError =>
    new PlugboardError(entry.error!.code, entry.error!.message, {
      plugin: entry.unit.id,
      cause: entry.error!.cause,
    });

  return {
    async start() {
      const { order, excluded } = orderPlugins(options.units, options.excluded);
      for (const [id, problem] of excluded) {
        const entry = entries.get(id);
        if (entry) set(entry, problem.code === ErrorCodes.DEPENDENCY_FAILED ? 'skipped' : 'failed', problem);
      }
      const ordered = order.map((u) => entries.get(u.id)!);
      for (const entry of ordered) set(entry, 'validated');
      const aborted = options.phased ? await startPhased(ordered) : await startEach(ordered);
      const all = [...ordered, ...rest(ordered)];
      if (aborted) {
        await stopAll();
        return reportOf(all, false);
      }
      running = true;
      const target: PluginState = options.autoEnable === false ? 'started' : 'enabled';
      return reportOf(
        all,
        all.every((e) => e.state === target),
      );
    },
    async stop() {
      stopping = true;
      await queue;
      return stopAll();
    },
    reload(id, o = {}) {
      // Asked before stop(): it runs, and stop() waits for it.
      if (!running || stopping) return Promise.reject(notRunning(id));
      const run = queue.then(() => reloadNow(id, o));
      queue = run.catch(() => {});
      return run;
    },
    async enable(id) {
      const entry = mustGet(entries, id);
      if (entry.state === 'enabled') return;
      if (entry.state !== 'started' && entry.state !== 'disabled')
        throw invalidState(id, entry.state, 'enable');
      entry.enabled = await step(entry, 'enable', 'enabled');
      if (!entry.enabled) {
        await teardown(entry);
        throw fail(entry);
      }
    },
    async disable(id) {
      const entry = mustGet(entries, id);
      if (entry.state === 'disabled') return;
      if (entry.state !== 'enabled') throw invalidState(id, entry.state, 'disable');
      entry.enabled = false;
      if (!(await step(entry, 'disable', 'disabled'))) {
        await teardown(entry);
        throw fail(entry);
      }
    },
    state: (id) => entries.get(id)?.state,
    instance: (id) => entries.get(id)?.instance,
    report: () =>
      reportOf(
        [...entries.values()],
        [...entries.values()].every((e) => e.state !== 'failed' && e.state !== 'skipped'),
      ),
  };
}

function mustGet<T>(entries: Map<string, Entry<T>>, id: string): Entry<T> {
  const entry = entries.get(id);
  if (!entry)
    throw new PlugboardError(
      ErrorCodes.INVALID_STATE,
      `No plugin "${id}" in this host; check the id against the start report.`,
      { plugin: id },
    );
  return entry;
}

function invalidState(id: string, state: PluginState, action: string): PlugboardError {
  return new PlugboardError(
    ErrorCodes.INVALID_STATE,
    `Cannot ${action} plugin "${id}" while it is ${state}; start it first.`,
    { plugin: id },
  );
}
