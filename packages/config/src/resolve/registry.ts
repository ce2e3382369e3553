import {
  type DiscoverySources,
  ErrorCodes,
  type HostDiscovery,
  type HostLifecycle,
  type HostPlugin,
  PlugboardError,
  type Problem,
  type ProvidedPlugin,
} from '@plugboard/core';
import { checkResolver } from '../define.js';
import { ConfigError, type ConfigErrorCode, ConfigErrorCodes } from '../errors.js';
import { configPluginHost } from '../plugin-host.js';
import type { AnyResolver, ConfigLogger } from '../types.js';
import { Gate } from './gate.js';
import { unusable } from './unusable.js';

/** Where resolver plugins are discovered; `false` turns discovery off. */
export interface PluginDiscoveryOptions {
  /** Project directory whose dependencies are searched. Default: the host's `cwd`. */
  cwd?: string;
  sources?: DiscoverySources;
  cache?: boolean | string;
}

export interface RegistryOptions {
  builtins: AnyResolver[];
  resolvers: AnyResolver[];
  plugins: PluginDiscoveryOptions | false;
  cwd: string;
  environment: Record<string, string | undefined>;
  resolverOptions: Record<string, Record<string, unknown>>;
  concurrency: number;
  /** Time a resolver's `setup()` may take. */
  setupTimeoutMs: number;
  watch: boolean;
  logger: ConfigLogger;
  signal: AbortSignal;
}

/** A resolver ready to run: its definition, setup state and concurrency limit. */
export interface ResolverInstance {
  def: AnyResolver;
  state: unknown;
  gate: Gate;
  package: string | undefined;
}

/**
 * Prefix → resolver, over the kit: explicit `resolvers` are provided first (they
 * beat every discovered plugin), the built-ins last (any installed plugin beats
 * them); discovery, precedence, the entry-name rule, duplicates and the
 * compatibility check are the kit's. A prefix is set up on first use through the
 * kit's lifecycle, so `setup()` runs under a timeout and after what it requires.
 */
export class ResolverRegistry {
  readonly problems: Problem[];
  private readonly found: HostDiscovery<AnyResolver>;
  private readonly instances = new Map<string, Promise<ResolverInstance>>();
  private readonly loaded = new Map<string, ResolverInstance>();
  private readonly lifecycles: HostLifecycle<ResolverInstance>[] = [];

  constructor(private readonly o: RegistryOptions) {
    for (const def of o.resolvers) {
      const problem = checkResolver(def);
      if (problem) throw new ConfigError(ConfigErrorCodes.RESOLVER_INVALID, `resolvers option: ${problem}.`);
    }
    const provided: ProvidedPlugin<AnyResolver>[] = [
      ...o.builtins.map((def) => ({ name: def.prefix, value: def, precedence: 'last' as const })),
      ...o.resolvers.map((def) => ({ name: def.prefix, value: def, precedence: 'first' as const })),
    ];
    const discovery = o.plugins === false ? undefined : o.plugins;
    this.found = configPluginHost.discover({
      cwd: discovery?.cwd ?? o.cwd,
      sources: discovery ? (discovery.sources ?? { dependencies: true }) : { dependencies: false },
      cache: discovery ? (discovery.cache ?? true) : false,
      provided,
    });
    this.problems = this.found.problems;
    for (const problem of this.problems) {
      const log = problem.severity === 'warning' ? o.logger.warn : o.logger.error;
      log.call(o.logger, problem.message);
    }
  }

  prefixes(): string[] {
    return this.found.plugins.map((p) => p.name).sort();
  }

  has(prefix: string): boolean {
    return this.found.get(prefix) !== undefined;
  }

  /** The resolver for a prefix, loaded and set up on first use. */
  get(prefix: string): Promise<ResolverInstance> {
    let instance = this.instances.get(prefix);
    if (!instance) {
      instance = this.instantiate(prefix);
      this.instances.set(prefix, instance);
      instance.then(
        (ready) => this.loaded.set(prefix, ready),
        // a failed load may succeed after the user fixes it: retry on the next reload
        () => this.instances.delete(prefix),
      );
    }
    return instance;
  }

  /** The resolver for a prefix if it is already set up (no waiting for the common case). */
  ready(prefix: string): ResolverInstance | undefined {
    return this.loaded.get(prefix);
  }

  /** Stop every lifecycle started for a prefix (in reverse), after the host's signal aborted. */
  async close(): Promise<void> {
    for (const life of this.lifecycles.reverse()) await life.stop();
    this.lifecycles.length = 0;
  }

  private async instantiate(prefix: string): Promise<ResolverInstance> {
    if (!this.found.get(prefix)) throw unusable(prefix, configPluginHost.explain(this.found, prefix));
    const life = configPluginHost.lifecycle<ResolverInstance>(this.found, {
      only: [prefix],
      timeoutMs: this.o.setupTimeoutMs,
      // a prefix another one required is set up once and shared
      create: (def, plugin, signal) => this.loaded.get(plugin.name) ?? this.setUp(def, plugin, signal),
    });
    this.lifecycles.push(life);
    const report = await life.start();
    const entry = report.plugins.find((p) => p.id === prefix);
    const instance = life.instance(prefix);
    if (entry?.error || !instance) throw this.failure(prefix, entry?.error);
    for (const p of report.plugins) {
      const other = life.instance(p.id);
      if (other && !this.loaded.has(p.id)) this.loaded.set(p.id, other);
    }
    return instance;
  }

  private async setUp(
    def: AnyResolver,
    plugin: HostPlugin<AnyResolver>,
    hookSignal: AbortSignal,
  ): Promise<ResolverInstance> {
    const discovered = plugin.source !== 'provided';
    const problem = discovered ? checkResolver(def, plugin.name) : undefined;
    if (problem) {
      throw new ConfigError(
        ConfigErrorCodes.RESOLVER_INVALID,
        `config plugin ${plugin.name} from ${plugin.package.name}@${plugin.package.version} is not a resolver: ${problem}. Export defineResolver({...}) from its entry point.`,
        { package: plugin.package.name, prefix: plugin.name },
      );
    }
    const state = def.setup
      ? await def.setup({
          options: this.o.resolverOptions[plugin.name] ?? {},
          // setup may keep using the signal (watchers): it aborts when the host closes or setup times out
          signal: AbortSignal.any([this.o.signal, hookSignal]),
          logger: this.o.logger,
          cwd: this.o.cwd,
          environment: this.o.environment,
          watch: this.o.watch,
        })
      : undefined;
    return {
      def,
      state,
      gate: new Gate(def.concurrency ?? this.o.concurrency),
      package: discovered ? plugin.package.name : undefined,
    };
  }

  /** A coded error for a prefix whose lifecycle did not bring it up. */
  private failure(prefix: string, problem: Problem | undefined): Error {
    if (!problem) return unusable(prefix, { code: ErrorCodes.INVALID_STATE, message: 'it did not start' });
    const pkg = this.found.get(prefix)?.package.name;
    const options = { prefix, ...(pkg ? { package: pkg } : {}), cause: problem.cause };
    if (problem.code === ErrorCodes.HOOK_TIMEOUT) {
      return new ConfigError(
        ConfigErrorCodes.SETUP_FAILED,
        `the ${prefix} resolver's setup() did not finish within ${this.o.setupTimeoutMs} ms. Check what it connects to, or raise setupTimeoutMs.`,
        { ...options, details: { reason: problem.code } },
      );
    }
    if (problem.code === ErrorCodes.HOOK_FAILED) {
      const why = problem.message.replace(/^.*? hook: /, '');
      return new ConfigError(
        ConfigErrorCodes.SETUP_FAILED,
        `the ${prefix} resolver's setup() failed: ${why}. Fix its options (resolverOptions.${prefix}) or what it connects to.`,
        { ...options, details: { reason: problem.code } },
      );
    }
    if (problem.code.startsWith('PB_CONFIG_')) {
      return new ConfigError(problem.code as ConfigErrorCode, problem.message, options);
    }
    if (problem.code === ErrorCodes.SHAPE_INVALID) {
      return new ConfigError(
        ConfigErrorCodes.RESOLVER_INVALID,
        `${problem.message.replace(/^@plugboard\/config: /, '')} Export defineResolver({...}) from its entry point.`,
        options,
      );
    }
    if (problem.code === ErrorCodes.DEPENDENCY_FAILED || problem.code.startsWith('PB_REQUIRE_'))
      return unusable(prefix, problem);
    // load failures (missing entry module, import error): the runner adds where the reference is
    return new PlugboardError(problem.code, problem.message, options);
  }
}
