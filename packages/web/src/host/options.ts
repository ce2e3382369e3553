import type { DiscoverySources } from '@plugboard/core';
import type { FastifyServerOptions } from 'fastify';
import type { AnyWebPlugin } from '../types.js';
import type { ReloadEvent } from './reload-event.js';

/** Hot reload of linked plugins (development only). */
export interface HotReloadOptions {
  /** Quiet time after the last change in a folder before its plugins reload. Default 150 ms. */
  debounceMs?: number;
  /** Hears every reload, e.g. to print `event.message`; also logged at info (error when it failed). */
  onReload?: (event: ReloadEvent) => void;
}

export interface CreateWebHostOptions {
  /** Host project: plugins among its package.json dependencies are discovered. Default `process.cwd()`. */
  cwd?: string;
  /** Discovery sources (linked `paths` > `userDir` > `dependencies`). Default: the project's dependencies. */
  sources?: DiscoverySources;
  /** Discovery index file, `true` (default, under node_modules/.cache) or `false`. */
  cache?: boolean | string;
  /** Plugins given as objects; they beat discovered plugins of the same name. */
  plugins?: AnyWebPlugin[];
  /** Start only these plugins (and what they require). */
  only?: readonly string[];
  /** Embedded storage files and other state. Default `<cwd>/.plugboard/web`. */
  dataDir?: string;
  /** `postgres://…` to keep plugin storage in Postgres (a schema per plugin). Default: embedded libsql. */
  databaseUrl?: string;
  /** `redis://…` to share events, cache, rate limits and task ticks between instances. */
  redisUrl?: string;
  /** Folder with `<plugin>.yaml|json|toml` configuration files. */
  configDir?: string;
  /** Environment for `<PLUGIN>__KEY` overrides and resolvers. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Admin API and dashboard; without a token they are not mounted. */
  admin?: { token: string } | false;
  /** Serve OpenAPI at /openapi.json and its docs page at /docs. Default true. */
  docs?: boolean;
  /** Hook timeout per plugin step (core's default 10 s). */
  timeoutMs?: number;
  /** Default cache TTL in ms (none: until invalidated). */
  cacheTtlMs?: number;
  /** Name of this instance in events and locks. Default a random id. */
  instanceId?: string;
  /** Fastify's logger option (default off; `true` for pino at info). */
  logger?: FastifyServerOptions['logger'];
  /** How long `close()` waits for in-flight requests before dropping them. Default 10 000 ms. */
  drainTimeoutMs?: number;
  /**
   * Development only (default off): watch the folders of linked plugins (`sources.paths`)
   * and, when a file there changes, reload that plugin (and restart the plugins that
   * require it) without restarting the server; see "Hot reload" in the README. Each
   * reload keeps the previous copy of the plugin's modules in memory.
   */
  hotReload?: boolean | HotReloadOptions;
}
