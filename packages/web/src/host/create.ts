import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import {
  type HostDiscovery,
  type HostLifecycle,
  type LifecycleReport,
  type PluginState,
  type ProvidedPlugin,
  suggestion,
} from '@plugboard/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { registerAdmin } from '../admin/routes.js';
import { WebError, WebErrorCodes } from '../errors.js';
import { EventBus } from '../events/bus.js';
import { type WebMeta, webMetaSchema } from '../meta.js';
import { memoryCoordination } from '../scale/memory.js';
import { redisCoordination } from '../scale/redis.js';
import { ServiceRegistry } from '../services/registry.js';
import { createStorageBackend } from '../storage/backend.js';
import type { AnyWebPlugin } from '../types.js';
import { HOST_VERSION } from '../version.js';
import { webHost } from './define-host.js';
import { registerHealth } from './health-routes.js';
import { type HostParts, webLifecycle } from './hooks.js';
import { type HotReload, setUpHotReload } from './hot-reload.js';
import type { CreateWebHostOptions } from './options.js';
import type { ReloadEvent } from './reload-event.js';
import { FORWARD } from './reload-routes.js';
import { type PluginRuntime, prefixOf } from './runtime.js';
import { type PluginSummary, summarize } from './summary.js';

export interface RouteInfo {
  method: string;
  url: string;
  plugin: string | undefined;
}

/** A web host: a Fastify server whose features come from plugins. */
export interface WebHost {
  readonly app: FastifyInstance;
  readonly instanceId: string;
  /** Discover, start and enable the plugins, then make the server ready. Never rejects for one plugin. */
  start(): Promise<LifecycleReport>;
  /** Listen (after `start()`); resolves with the address, e.g. `http://127.0.0.1:3000`. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  enable(name: string): Promise<void>;
  disable(name: string): Promise<void>;
  /**
   * Reload a plugin without restarting the server (with `hotReload`, for linked plugins
   * and the plugins that require them): its package.json and code are read anew and
   * its dependents restarted after it. Resolves with what happened, also when the
   * plugin failed to come back; rejects with PB_WEB_RELOAD_UNAVAILABLE for other plugins.
   */
  reload(name: string): Promise<ReloadEvent>;
  /** Folders watched for hot reload; empty when `hotReload` is off, before `start()` and after `close()`. */
  watched(): string[];
  state(name: string): PluginState | undefined;
  plugins(): PluginSummary[];
  routes(): RouteInfo[];
  /** Publish an event as the host itself (source `host`). */
  publish(topic: string, payload?: unknown): Promise<void>;
  /** Wait until event handlers in flight have finished. */
  settle(): Promise<void>;
  /** Hear state changes (the dashboard's live updates). */
  onChange(listener: (name: string, state: PluginState) => void): () => void;
  /** Stop accepting, drain in-flight requests, stop plugins in reverse order, close connections. */
  close(): Promise<void>;
}

/** Plugins given as objects: metadata checked with the same schema as package.json's. */
function provided(plugins: AnyWebPlugin[]): ProvidedPlugin<AnyWebPlugin, WebMeta>[] {
  return plugins.map((p) => {
    const parsed = webMetaSchema.safeParse(p.meta ?? {});
    if (!parsed.success)
      throw new WebError(
        WebErrorCodes.PLUGIN_INVALID,
        `plugin "${p.name}" has invalid meta: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}.`,
        { plugin: p.name },
      );
    return {
      name: p.name,
      value: p,
      precedence: 'first' as const,
      meta: parsed.data,
      requires: parsed.data.dependencies ?? {},
      package: { name: p.name, version: p.version ?? '0.0.0' },
    };
  });
}

export function createWebHost(options: CreateWebHostOptions = {}): WebHost {
  if (options.admin && (typeof options.admin.token !== 'string' || options.admin.token.length < 8))
    throw new WebError(
      WebErrorCodes.ADMIN_TOKEN,
      'the admin token must be a string of at least 8 characters; pass a long random one (or `admin: false` to mount no admin API).',
    );
  const cwd = options.cwd ?? process.cwd();
  const instanceId = options.instanceId ?? randomUUID().slice(0, 8);
  const serverOptions = {
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    pluginTimeout: 0,
    // All schema errors at once, and unknown properties rejected rather than silently dropped.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
  };
  const app = Fastify({ logger: options.logger ?? false, ...serverOptions });
  const redisError = (error: Error) =>
    app.log.warn({ err: error }, `@plugboard/web: Redis: ${error.message}`);
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { maxRetriesPerRequest: 3 }).on('error', redisError)
    : undefined;
  const coordination = options.redisUrl
    ? redisCoordination(options.redisUrl, instanceId, redisError)
    : memoryCoordination();
  let life: HostLifecycle<PluginRuntime> | undefined;
  let found: HostDiscovery<AnyWebPlugin, WebMeta> | undefined;
  const listeners = new Set<(name: string, state: PluginState) => void>();
  const routes: RouteInfo[] = [];
  const bus = new EventBus({
    instance: instanceId,
    transport: coordination.transport,
    log: app.log,
    active: (plugin) => plugin === 'host' || life?.state(plugin) === 'enabled',
  });
  const parts: HostParts = {
    app,
    log: app.log,
    bus,
    services: new ServiceRegistry(),
    coordination,
    storage: createStorageBackend({
      url: options.databaseUrl,
      dir: options.dataDir ?? join(cwd, '.plugboard', 'web'),
    }),
    redis,
    configDir: options.configDir,
    env: options.env ?? process.env,
    cwd,
    cacheTtlMs: options.cacheTtlMs,
    state: (name) => life?.state(name),
    healthStops: new Map(),
  };
  let hot: HotReload | undefined;
  let started: Promise<LifecycleReport> | undefined;
  let closing: Promise<void> | undefined;
  const need = () => {
    if (!life)
      throw new WebError(
        WebErrorCodes.NOT_STARTED,
        'the host has not started; call `await host.start()` first.',
      );
    return life;
  };
  const known = (name: string) => {
    const l = need();
    if (l.state(name) === undefined)
      throw new WebError(
        WebErrorCodes.PLUGIN_UNKNOWN,
        `no plugin "${name}" in this host.${suggestion(
          name,
          host.plugins().map((p) => p.name),
        )} The admin API's /admin/api/plugins lists them.`,
        { plugin: name },
      );
    return l;
  };

  const host: WebHost = {
    app,
    instanceId,
    start() {
      started ??= (async () => {
        app.addHook('onRoute', (route) => {
          if (route.config && FORWARD in route.config) return; // hot reload's catch-all
          // A plugin's routes carry its encapsulation prefix (`/api/notes`).
          const plugin = found?.plugins.find((p) => prefixOf(p.name, p.meta) === route.prefix)?.name;
          for (const method of [route.method].flat())
            if (method !== 'HEAD') routes.push({ method, url: route.url, plugin });
        });
        await app.register(fastifyWebsocket);
        if (options.docs !== false) {
          await app.register(fastifySwagger, {
            openapi: { info: { title: 'Plugboard web host', version: HOST_VERSION } },
          });
          await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
        }
        registerHealth(app, () => host.plugins(), instanceId);
        if (options.admin) registerAdmin(app, { token: options.admin.token, host: () => host });
        await bus.start();
        found = webHost.discover({
          cwd,
          ...(options.sources ? { sources: options.sources } : {}),
          ...(options.cache !== undefined ? { cache: options.cache } : {}),
          provided: provided(options.plugins ?? []),
        });
        for (const problem of found.problems)
          app.log.warn({ code: problem.code, plugin: problem.plugin }, problem.message);
        // `only` naming a plugin that is not there is the caller's mistake: say why (the kit's reason)
        const missing = (options.only ?? []).filter((name) => !found!.get(name));
        if (missing.length) {
          const why = missing.map((name) => webHost.explain(found!, name));
          throw new WebError(
            WebErrorCodes.PLUGIN_UNKNOWN,
            `cannot start only ${missing.map((n) => `"${n}"`).join(', ')}: ${why.map((p) => p.message.replace(/^@plugboard\/web: /, '')).join(' ')}`,
            { plugin: missing[0]! },
          );
        }
        if (options.hotReload) {
          hot = setUpHotReload({
            app,
            // The plugins' own instances log through the host's logger.
            serverOptions: { ...serverOptions, ...(options.logger ? { loggerInstance: app.log } : {}) },
            options: options.hotReload === true ? {} : options.hotReload,
            cwd,
            paths: options.sources?.paths ?? [],
            found,
            life: () => life,
            onRoute: (plugin, method, url) => routes.push({ method, url, plugin }),
            dropRoutes: (plugin) => {
              for (let i = routes.length - 1; i >= 0; i--)
                if (routes[i]!.plugin === plugin) routes.splice(i, 1);
            },
          });
          hot.routes.mount();
          parts.reloadable = hot.routes;
        }
        const mapped = webLifecycle(parts);
        life = webHost.lifecycle(found, {
          ...mapped,
          ...(options.only ? { only: options.only } : {}),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          policy: 'isolate',
          onStateChange(id, state, error) {
            mapped.onStateChange?.(id, state, error);
            for (const l of listeners) l(id, state);
          },
        });
        const report = await life.start();
        await app.ready();
        await hot?.watch();
        return report;
      })();
      return started;
    },
    async listen(o = {}) {
      await host.start();
      return app.listen({ port: o.port ?? 0, host: o.host ?? '127.0.0.1' });
    },
    enable: async (name) => known(name).enable(name),
    disable: async (name) => known(name).disable(name),
    async reload(name) {
      known(name);
      if (!hot)
        throw new WebError(
          WebErrorCodes.RELOAD_UNAVAILABLE,
          `plugin "${name}" cannot be reloaded: the host runs without \`hotReload\` (\`web-server run --watch\`). Restart the server instead.`,
          { plugin: name },
        );
      return hot.reload(name);
    },
    watched: () => hot?.watched() ?? [],
    state: (name) => life?.state(name),
    plugins: () => (found ? summarize(found, life, bus.stats) : []),
    routes: () => [...routes],
    publish: (topic, payload) => bus.publish('host', topic, payload),
    settle: () => bus.settle(),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        if (started) await started.catch(() => {});
        // No reload starts from now on; the one in flight finishes first.
        await hot?.close();
        const drain = options.drainTimeoutMs ?? 10_000;
        // Keep-alive connections become idle as their last request ends: close them
        // as that happens, and drop whatever is still open after the drain timeout.
        const idle = setInterval(() => app.server.closeIdleConnections?.(), 50);
        const timer = setTimeout(() => app.server.closeAllConnections?.(), drain);
        timer.unref();
        try {
          await app.close();
        } finally {
          clearInterval(idle);
          clearTimeout(timer);
        }
        for (const stop of parts.healthStops.values()) stop();
        if (life) await life.stop();
        await bus.close();
        await coordination.close();
        redis?.disconnect();
      })();
      return closing;
    },
  };
  return host;
}
