import { ErrorCodes, PlugboardError, type Problem, toProblem } from '../errors.js';
import { dependencyFailed, orderPlugins } from './order.js';
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
  /** Plugins already known to be broken (e.g. discovery problems): their dependents are skipped. */
  excluded?: Map<string, Problem>;
  /** Called on every state change; for logs and progress output. */
  onStateChange?: (id: string, state: PluginState, error?: Problem) => void;
}

interface Entry<T> {
  unit: LifecycleUnit<T>;
  state: PluginState;
  instance?: T;
  error?: Problem | undefined;
  ms: number;
}

export interface Lifecycle<T> {
  /** Order, load, start and (by default) enable every plugin; resolves with a report, never rejects for a plugin. */
  start(): Promise<LifecycleReport>;
  /** Disable, stop and unload every plugin in reverse start order. */
  stop(): Promise<LifecycleReport>;
  enable(id: string): Promise<void>;
  disable(id: string): Promise<void>;
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
    options.units.map((unit) => [unit.id, { unit, state: 'discovered', ms: 0 }]),
  );
  let started: Entry<T>[] = [];

  const set = (entry: Entry<T>, state: PluginState, error?: Problem) => {
    entry.state = state;
    entry.error = error;
    options.onStateChange?.(entry.unit.id, state, error);
  };

  /** Run one timed, time-limited transition; on failure the plugin ends in `failed`. */
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
      set(entry, next);
      return true;
    } catch (error) {
      set(entry, 'failed', asProblem(error, entry.unit.id));
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

  const load = (entry: Entry<T>) => attempt(entry, 'load', (signal) => entry.unit.load(signal), 'loaded');

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
    const list = [...started].reverse();
    let ok = true;
    for (const entry of list) {
      entry.ms = 0;
      if (entry.state === 'enabled') ok = (await step(entry, 'disable', 'disabled')) && ok;
      if (entry.state === 'disabled' || entry.state === 'started')
        ok = (await step(entry, 'stop', 'stopped')) && ok;
      if (entry.state === 'stopped') ok = (await step(entry, 'unload', 'unloaded')) && ok;
    }
    started = [];
    return reportOf(list, ok);
  };

  return {
    async start() {
      const { order, excluded } = orderPlugins(options.units, options.excluded);
      for (const [id, problem] of excluded) {
        const entry = entries.get(id);
        if (entry) set(entry, problem.code === ErrorCodes.DEPENDENCY_FAILED ? 'skipped' : 'failed', problem);
      }
      const ordered = order.map((u) => entries.get(u.id)!);
      for (const entry of ordered) set(entry, 'validated');
      let aborted = false;
      for (const entry of ordered) {
        if (aborted) break;
        const failedDep = Object.keys(entry.unit.requires ?? {}).find((d) => {
          const s = entries.get(d)?.state;
          return s === 'failed' || s === 'skipped';
        });
        if (failedDep !== undefined) {
          set(entry, 'skipped', dependencyFailed(entry.unit.id, failedDep, entries.get(failedDep)!.error!));
          continue;
        }
        let ok = await load(entry);
        if (ok) ok = await step(entry, 'start', 'started');
        if (ok) started.push(entry);
        if (ok && options.autoEnable !== false) ok = await step(entry, 'enable', 'enabled');
        if (!ok && policy === 'abort') aborted = true;
      }
      if (aborted) {
        await stopAll();
        return reportOf([...ordered, ...rest(ordered)], false);
      }
      const all = [...ordered, ...rest(ordered)];
      return reportOf(
        all,
        all.every((e) => e.state === 'enabled' || (options.autoEnable === false && e.state === 'started')),
      );
    },
    stop: stopAll,
    async enable(id) {
      const entry = mustGet(entries, id);
      if (entry.state === 'enabled') return;
      if (entry.state !== 'started' && entry.state !== 'disabled')
        throw invalidState(id, entry.state, 'enable');
      if (!(await step(entry, 'enable', 'enabled')))
        throw new PlugboardError(entry.error!.code, entry.error!.message, {
          plugin: id,
          cause: entry.error!.cause,
        });
    },
    async disable(id) {
      const entry = mustGet(entries, id);
      if (entry.state === 'disabled') return;
      if (entry.state !== 'enabled') throw invalidState(id, entry.state, 'disable');
      if (!(await step(entry, 'disable', 'disabled')))
        throw new PlugboardError(entry.error!.code, entry.error!.message, {
          plugin: id,
          cause: entry.error!.cause,
        });
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
