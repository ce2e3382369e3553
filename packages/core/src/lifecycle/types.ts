import type { Problem } from '../errors.js';

/** The lifecycle states of DESIGN.md, plus `skipped` for dependents of a failed plugin. */
export type PluginState =
  | 'discovered'
  | 'validated'
  | 'loaded'
  | 'started'
  | 'enabled'
  | 'disabled'
  | 'stopped'
  | 'unloaded'
  | 'failed'
  | 'skipped';

export interface LifecycleUnit<T> {
  /** Plugin id, unique within the manager; what `requires` refers to. */
  id: string;
  version?: string | undefined;
  requires?: Record<string, string> | undefined;
  /** Produce the plugin instance (discovered → loaded). */
  load(signal: AbortSignal): T | Promise<T>;
  /** Per-plugin hook timeout, overriding the manager's. */
  timeoutMs?: number | undefined;
}

export interface HookContext<T> {
  id: string;
  instance: T;
  signal: AbortSignal;
}

type Hook<T> = (ctx: HookContext<T>) => unknown;

/** How the host maps its own words onto the lifecycle; every hook is optional. */
export interface LifecycleHooks<T> {
  start?: Hook<T>;
  enable?: Hook<T>;
  disable?: Hook<T>;
  stop?: Hook<T>;
  unload?: Hook<T>;
}

export type FailurePolicy = 'isolate' | 'abort';

export interface PluginReport {
  id: string;
  state: PluginState;
  /** Milliseconds spent in this plugin's load and hooks during the last operation. */
  ms: number;
  error?: Problem | undefined;
}

export interface LifecycleReport {
  /** True when every plugin reached the target state. */
  ok: boolean;
  /** Plugins in start order (or stop order for `stop()`), then excluded ones. */
  plugins: PluginReport[];
}
