import type { StandardSchemaV1 } from '@standard-schema/spec';

/** The logging interface hosts and resolvers use (pino and console both fit). */
export interface ConfigLogger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

/** Given once, when a resolver is first used. */
export interface ResolverSetupContext {
  /** Options given to the host for this prefix (`resolverOptions.VAULT`). */
  options: Readonly<Record<string, unknown>>;
  /** Aborted when the host closes: stop watchers and timers then. */
  signal: AbortSignal;
  logger: ConfigLogger;
  /** The host's working directory. */
  cwd: string;
  /** The environment variables the host reads (`process.env` unless given). */
  environment: Readonly<Record<string, string | undefined>>;
  /** Whether the host watches for changes; resolvers that can watch their source should then do so. */
  watch: boolean;
}

/** Given to `resolve()` for each distinct reference. */
export interface ResolveContext<P, S> {
  prefix: string;
  /** The first key path that uses this reference (identical references are resolved once). */
  key: string;
  /** `whole` for `PREFIX:///value`, `embedded` for `${PREFIX:value}`. */
  form: 'whole' | 'embedded';
  /** Query parameters of the reference (`?version=2`), parsed by the resolver's `params` schema. */
  params: P;
  /** Directory of the file that declared the reference; relative paths start here. */
  baseDir: string;
  /** Aborted on timeout, when the reference is no longer used, or when the host closes. */
  signal: AbortSignal;
  logger: ConfigLogger;
  /** Push a new value for this reference; the host re-derives, validates and swaps the config. */
  onUpdate(newValue: unknown): void;
  /** What `setup()` returned. */
  state: S;
}

/** What a resolver plugin exports: build it with `defineResolver()`. */
export interface ResolverDefinition<P = Record<string, string>, S = undefined> {
  /** Upper-case prefix, e.g. `VAULT`; also the entry point name in the `config` group. */
  prefix: string;
  /** Values from this resolver are secrets: redacted in logs, errors, inspect and JSON. */
  secret?: boolean;
  description?: string;
  /** Schema for the reference's query parameters; its output type is `ctx.params`. */
  params?: StandardSchemaV1<unknown, P>;
  /** Per-call timeout (default: the host's `resolverTimeoutMs`). */
  timeoutMs?: number;
  /** Parallel calls allowed (default: the host's `concurrency`). */
  concurrency?: number;
  /** Runs once, on the first use of the prefix. */
  setup?(ctx: ResolverSetupContext): S | Promise<S>;
  /** Return the value, or `undefined` for "not found" (a `:-default` then applies). */
  resolve(value: string, ctx: ResolveContext<P, S>): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds resolvers of any params/state types
export type AnyResolver = ResolverDefinition<any, any>;
