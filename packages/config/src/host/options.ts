import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ConfigFormat } from '../parse/formats.js';
import type { ConfigSource } from '../parse/layers.js';
import type { PluginDiscoveryOptions } from '../resolve/registry.js';
import type { AnyResolver, ConfigLogger } from '../types.js';

export interface CreateConfigOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** Base config file (.yaml, .yml, .json, .toml, .env). */
  file?: string;
  /** Format of `file` when its extension does not say. */
  format?: ConfigFormat;
  /** Environment name; `config.<env>.yaml` beside `file` is layered on top when it exists. Default `NODE_ENV`. */
  env?: string;
  /** More layers after the base file and its overlay, lowest precedence first. */
  sources?: ConfigSource[];
  /** Lowest layer. */
  defaults?: Record<string, unknown>;
  /** Environment variables `<envPrefix>__DB__PORT` override `db.port`. */
  envPrefix?: string;
  /** Highest layer. */
  overrides?: Record<string, unknown>;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** Environment variables for ENV, SEALED and overrides. Default `process.env`. */
  environment?: Record<string, string | undefined>;
  /** Any Standard Schema validator (zod, valibot, arktype); its output type is the config type. */
  schema?: S;
  /** Resolvers given in code; they take precedence over discovered plugins and built-ins. */
  resolvers?: AnyResolver[];
  /** Register ENV, FILE and SEALED. Default true. */
  builtins?: boolean;
  /** Discover resolver plugins (entry group `config`) in the project. Default: the project's dependencies. */
  plugins?: PluginDiscoveryOptions | false;
  /** Options per prefix, given to each resolver's `setup()`, e.g. `{ SEALED: { keyEnv: 'MY_KEY' } }`. */
  resolverOptions?: Record<string, Record<string, unknown>>;
  /** Calls in flight per resolver. Default 64. */
  concurrency?: number;
  /** Per-call timeout for resolvers that set none. Default 10 000 ms. */
  resolverTimeoutMs?: number;
  /** Time each resolver's `setup()` may take on first use of its prefix. Default `resolverTimeoutMs`. */
  setupTimeoutMs?: number;
  /** Watch config files (and let resolvers watch their sources). Default false. */
  watch?: boolean | { debounceMs?: number };
  /** Default: warnings and errors to the console. Messages are scrubbed of secret values. */
  logger?: ConfigLogger;
}

export type ConfigOf<S> = S extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<S>
  : Record<string, unknown>;

/** What subscribers receive after a new config was swapped in. */
export interface ConfigChange<T> {
  /** Changed keys that match the subscription's pattern. */
  keys: string[];
  value: T;
  previous: T;
}
