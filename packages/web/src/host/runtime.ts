import type { HostPlugin, PluginState } from '@plugboard/core';
import type { FastifyBaseLogger } from 'fastify';
import type { LoadedPluginConfig } from '../config/load.js';
import type { WebMeta, WebPermission } from '../meta.js';
import type { OpenedStorage } from '../storage/backend.js';
import type { TaskStats } from '../tasks/scheduler.js';
import type { AnyWebPlugin, HealthResult, TaskDefinition, WebContext } from '../types.js';

/** Everything the host keeps about one plugin between its hooks (the lifecycle's instance). */
export interface PluginRuntime {
  name: string;
  version: string;
  plugin: HostPlugin<AnyWebPlugin, WebMeta>;
  def: AnyWebPlugin;
  meta: WebMeta | undefined;
  permissions: ReadonlySet<WebPermission>;
  log: FastifyBaseLogger;
  /** Aborted at shutdown; the context's `signal`. */
  controller: AbortController;
  ctx?: WebContext;
  config?: LoadedPluginConfig;
  storage?: OpenedStorage;
  tasks: Map<string, TaskDefinition<Record<string, unknown>>>;
  taskStats: Map<string, TaskStats>;
  runningTasks: Map<string, () => Promise<void>>;
  health: HealthResult & { checkedAt?: number };
  /** Requests of this plugin's routes that ended in a 500. */
  routeErrors: number;
  requests: number;
}

/** The API prefix of a plugin's routes: `/api` + manifest prefix (default `/<name>`). */
export const prefixOf = (name: string, meta: WebMeta | undefined) => `/api${meta?.api?.prefix ?? `/${name}`}`;

export const isServing = (state: PluginState | undefined) => state === 'enabled';
