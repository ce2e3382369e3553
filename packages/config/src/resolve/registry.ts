import { type DiscoverySources, discoverSync, type Problem } from '@plugboard/core';
import { checkResolver } from '../define.js';
import { ConfigError, ConfigErrorCodes } from '../errors.js';
import type { AnyResolver, ConfigLogger } from '../types.js';
import { HOST_NAME, HOST_VERSION } from '../version.js';
import { Gate } from './gate.js';

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

interface Candidate {
  package: string | undefined;
  load(): Promise<AnyResolver>;
}

/**
 * Prefix → resolver. Explicit `resolvers` beat discovered plugins, which beat
 * the built-ins; a plugin replacing a built-in is reported as a warning, and
 * two plugins claiming one prefix make that prefix unusable until resolved.
 */
export class ResolverRegistry {
  readonly problems: Problem[] = [];
  private readonly candidates = new Map<string, Candidate>();
  private readonly conflicts = new Map<string, string>();
  private readonly instances = new Map<string, Promise<ResolverInstance>>();
  private readonly loaded = new Map<string, ResolverInstance>();

  constructor(private readonly o: RegistryOptions) {
    for (const def of o.builtins)
      this.candidates.set(def.prefix, { package: undefined, load: async () => def });
    if (o.plugins !== false) this.discover(o.plugins);
    for (const def of o.resolvers) {
      const problem = checkResolver(def);
      if (problem) throw new ConfigError(ConfigErrorCodes.RESOLVER_INVALID, `resolvers option: ${problem}.`);
      this.candidates.set(def.prefix, { package: undefined, load: async () => def });
      this.conflicts.delete(def.prefix);
    }
  }

  private discover(options: PluginDiscoveryOptions): void {
    const builtin = new Set(this.o.builtins.map((d) => d.prefix));
    const result = discoverSync({
      group: 'config',
      cwd: options.cwd ?? this.o.cwd,
      ...(options.sources ? { sources: options.sources } : {}),
      ...(options.cache !== undefined ? { cache: options.cache } : {}),
      host: { name: HOST_NAME, version: HOST_VERSION },
    });
    for (const problem of result.problems) {
      this.problems.push(problem);
      if (problem.code === 'PB_DUPLICATE' && problem.severity !== 'warning' && problem.plugin) {
        this.conflicts.set(problem.plugin, problem.message);
      }
    }
    for (const plugin of result.plugins) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(plugin.name)) {
        this.problems.push({
          code: ConfigErrorCodes.RESOLVER_INVALID,
          message: `${HOST_NAME}: ${plugin.package.name} declares config entry point "${plugin.name}"; config entry names are the resolver prefix in upper case (e.g. "VAULT"). Rename it.`,
          package: plugin.package.name,
          plugin: plugin.name,
        });
        continue;
      }
      if (builtin.has(plugin.name)) {
        this.problems.push({
          code: ConfigErrorCodes.PREFIX_CONFLICT,
          severity: 'warning',
          message: `${HOST_NAME}: ${plugin.package.name} replaces the built-in ${plugin.name} resolver.`,
          package: plugin.package.name,
          plugin: plugin.name,
        });
      }
      this.candidates.set(plugin.name, {
        package: plugin.package.name,
        load: async () => {
          const value = await plugin.load();
          const problem = checkResolver(value, plugin.name);
          if (problem) {
            throw new ConfigError(
              ConfigErrorCodes.RESOLVER_INVALID,
              `config plugin ${plugin.name} from ${plugin.package.name}@${plugin.package.version} is not a resolver: ${problem}. Export defineResolver({...}) from its entry point.`,
              { package: plugin.package.name, prefix: plugin.name },
            );
          }
          return value as AnyResolver;
        },
      });
    }
    for (const problem of this.problems) {
      const log = problem.severity === 'warning' ? this.o.logger.warn : this.o.logger.error;
      log.call(this.o.logger, problem.message);
    }
  }

  prefixes(): string[] {
    return [...this.candidates.keys()].sort();
  }

  has(prefix: string): boolean {
    return this.candidates.has(prefix);
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

  private async instantiate(prefix: string): Promise<ResolverInstance> {
    const conflict = this.conflicts.get(prefix);
    if (conflict) {
      throw new ConfigError(
        ConfigErrorCodes.PREFIX_CONFLICT,
        `two plugins claim the ${prefix} prefix, so it is not used: ${conflict}`,
        { prefix },
      );
    }
    const candidate = this.candidates.get(prefix);
    if (!candidate) {
      throw new ConfigError(ConfigErrorCodes.UNKNOWN_PREFIX, `unknown prefix ${prefix}.`, { prefix });
    }
    const def = await candidate.load();
    const state = def.setup
      ? await def.setup({
          options: this.o.resolverOptions[prefix] ?? {},
          signal: this.o.signal,
          logger: this.o.logger,
          cwd: this.o.cwd,
          environment: this.o.environment,
          watch: this.o.watch,
        })
      : undefined;
    return { def, state, gate: new Gate(def.concurrency ?? this.o.concurrency), package: candidate.package };
  }
}
