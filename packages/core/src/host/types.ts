import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { DiscoverySources, PluginPackage, PluginSource } from '../discovery/types.js';
import type { Problem } from '../errors.js';
import type {
  FailurePolicy,
  HookContext,
  LifecycleHooks,
  LifecycleReport,
  PluginState,
} from '../lifecycle/types.js';

/** Checks a loaded value; returns what is wrong with it, or nothing when it fits. */
export type HostGuard = (value: unknown) => string | undefined;

/** The rule entry names of a host's group must follow, e.g. upper-case resolver prefixes. */
export interface EntryNameRule {
  pattern: RegExp;
  /** Shown after "must be …", e.g. `lower-case letters, digits and "-"`. */
  hint: string;
}

/**
 * Static host metadata of a plugin: `plugboard.<key>` in its package.json,
 * validated at discovery so dashboards and help screens read it without
 * importing plugin code. The schema must validate synchronously.
 */
export interface HostMetaOptions<M> {
  /** Any Standard Schema (zod, valibot, arktype…). */
  schema: StandardSchemaV1<unknown, M>;
  /** Field under `plugboard`; default the host's group. */
  key?: string;
  /** `package`: one object per package (default). `entry`: keyed by entry name (`plugboard.cli.<group>`). */
  per?: 'package' | 'entry';
  /** What invalid metadata does: `exclude` the plugin (default, an error) or `warn` and keep it without metadata. */
  onInvalid?: 'exclude' | 'warn';
}

/**
 * What a host declares; everything else (discovery, precedence, index, lifecycle) comes from the kit.
 * `T` is the type of a loaded entry point, `M` of its validated metadata.
 */
// biome-ignore lint/correctness/noUnusedVariables: T types the host that defineHost() returns
export interface HostDefinition<T, M = undefined> {
  /** Entry point group, e.g. `workflow`. */
  group: string;
  /** The adapter package plugins declare a peer range on, and its installed version. */
  adapter: { name: string; version: string };
  /** Host name used to start messages (default the adapter's package name). */
  label?: string;
  entryName?: EntryNameRule;
  /** Shape check of a loaded entry point; `load()` rejects with PB_SHAPE_INVALID when it complains. */
  guard?: HostGuard;
  meta?: HostMetaOptions<M>;
  /**
   * Two different packages claiming one entry name: `precedence` (default) uses the
   * winner and reports the loser; `exclude` uses neither until the user resolves it
   * (for names that select behaviour, like config's resolver prefixes).
   */
  duplicates?: 'precedence' | 'exclude';
}

/** A plugin handed to the host as an object (built-ins, bundled plugins, inline registrations). */
export interface ProvidedPlugin<T, M = undefined> {
  name: string;
  /** The plugin itself, or give `load` to produce it on first use. */
  value?: T;
  load?: () => T | Promise<T>;
  /** `first`: beats every discovered plugin (explicit registration). `last` (default): loses to all (built-ins). */
  precedence?: 'first' | 'last';
  meta?: M;
  requires?: Record<string, string>;
  /** Who provides it, for reports; default the adapter. */
  package?: { name: string; version: string };
}

/** Where a host plugin came from: a discovery source, or handed in as an object. */
export type HostPluginSource = PluginSource | 'provided';

/** One usable plugin of a host: won precedence, compatible, valid name and metadata. */
export interface HostPlugin<T, M = undefined> {
  /** Entry name within the group (what `requires` and the host refer to). */
  name: string;
  group: string;
  source: HostPluginSource;
  /** The providing package (for provided plugins, `dir` is empty and `manifest` minimal). */
  package: PluginPackage;
  /** Entry point value as declared (`"./dist/x.js#Export"`), or `""` for provided plugins. */
  value: string;
  /** Validated `plugboard.<key>` metadata; undefined when the host declares none or it was invalid (`warn`). */
  meta: M | undefined;
  /** Other plugins of the group this one needs (from the package's `plugboard.requires`). */
  requires: Record<string, string>;
  /** Import (once) and shape-check the entry point; rejects with a coded PlugboardError. */
  load(): Promise<T>;
}

/** A plugin the host cannot use, with the problem that says why. */
export interface ExcludedPlugin {
  name: string;
  package: { name: string; version: string; dir: string };
  /** What it would have required, so its dependents can be found. */
  requires: Record<string, string>;
  problem: Problem;
}

export interface HostDiscoverOptions<T, M = undefined> {
  /** Host project directory. Default `process.cwd()`. */
  cwd?: string;
  sources?: DiscoverySources;
  /** Discovery index: `true` (default) under `<cwd>/node_modules/.cache/plugboard`, a file, or `false`. */
  cache?: boolean | string;
  provided?: ReadonlyArray<ProvidedPlugin<T, M>>;
}

export interface HostDiscovery<T, M = undefined> {
  group: string;
  /** Usable plugins, by precedence winner, in discovery order. */
  plugins: HostPlugin<T, M>[];
  /** Plugins left out (incompatible, bad name, bad metadata, duplicate provider of the group). */
  excluded: ExcludedPlugin[];
  /** Every problem of this group, excluded plugins' included, each once. */
  problems: Problem[];
  /** `index` when the discovery index answered, `scan` after a fresh scan. */
  from: 'index' | 'scan';
  /** Paths the result depends on, with their `stampOf` stamps (-1 = absent). */
  fingerprint: Record<string, number>;
  get(name: string): HostPlugin<T, M> | undefined;
  /** Why `name` is not usable: its exclusion problem, or undefined when usable or unknown. */
  why(name: string): Problem | undefined;
}

/** What hooks of a host lifecycle see: the plugin as discovered, plus the instance it created. */
export interface HostHookContext<I, T, M> extends HookContext<I> {
  plugin: HostPlugin<T, M>;
}

export interface HostLifecycleOptions<T, I, M = undefined> {
  /** Turn a loaded value into the instance hooks see (e.g. call a factory); default the value itself. Runs under the load timeout. */
  create?: (value: T, plugin: HostPlugin<T, M>, signal: AbortSignal) => I | Promise<I>;
  hooks?: {
    [K in keyof LifecycleHooks<I>]?: (ctx: HostHookContext<I, T, M>) => unknown;
  };
  /** Only these plugins (and what they require); default every usable one. */
  only?: readonly string[];
  timeoutMs?: number;
  /** A plugin's own hook timeout (e.g. from its manifest); undefined falls back to `timeoutMs`. */
  timeoutFor?: (plugin: HostPlugin<T, M>) => number | undefined;
  policy?: FailurePolicy;
  autoEnable?: boolean;
  onStateChange?: (id: string, state: PluginState, error?: Problem) => void;
  /** Load every plugin, then start every one, then enable every one (see `CreateLifecycleOptions.phased`). */
  phased?: boolean;
  /** With `phased`: after all loaded, before any starts; throwing unloads everything and rejects `start()`. */
  afterLoad?: () => void | Promise<void>;
  /** With `phased`: after all started, before any is enabled; throwing stops and unloads everything and rejects `start()`. */
  afterStart?: () => void | Promise<void>;
}

export interface HostLifecycle<I> {
  start(): Promise<LifecycleReport>;
  stop(): Promise<LifecycleReport>;
  enable(id: string): Promise<void>;
  disable(id: string): Promise<void>;
  /**
   * Reload one plugin without restarting the others: its dependents, then it, are
   * torn down as `stop()` does; its package.json is read again (metadata, peer
   * range, `requires`) and its folder imported fresh (new code, not the module
   * cache; packages under node_modules stay shared); then it and its dependents
   * come up again in `requires` order. A plugin that cannot come up ends `failed`
   * (its dependents `skipped`) and the next reload may recover it. The discovery
   * result passed to `lifecycle()` shows the re-read plugin. Development only:
   * every reload keeps another copy of the plugin's modules in memory.
   */
  reload(id: string): Promise<LifecycleReport>;
  state(id: string): PluginState | undefined;
  instance(id: string): I | undefined;
  report(): LifecycleReport;
}

/** A host made with `defineHost()`. */
export interface Host<T, M = undefined> {
  readonly group: string;
  readonly adapter: { name: string; version: string };
  readonly label: string;
  /** Find this host's plugins (synchronous: help screens and start-up paths use it). */
  discover(options?: HostDiscoverOptions<T, M>): HostDiscovery<T, M>;
  /** Lifecycle over discovered plugins, in `requires` order; excluded providers make dependents `skipped`. */
  lifecycle<I = T>(found: HostDiscovery<T, M>, options?: HostLifecycleOptions<T, I, M>): HostLifecycle<I>;
  /**
   * Why a plugin the host needs is not there: its exclusion problem (the real reason,
   * e.g. PB_INCOMPATIBLE), or PB_PLUGIN_NOT_FOUND with a did-you-mean over usable names.
   */
  explain(found: HostDiscovery<T, M>, name: string): Problem;
}
