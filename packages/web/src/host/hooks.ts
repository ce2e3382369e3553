import type { HostLifecycleOptions } from '@plugboard/core';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { loadPluginConfig } from '../config/load.js';
import { permissionDenied } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import { WEB_PERMISSIONS, type WebMeta, type WebPermission } from '../meta.js';
import type { Coordination } from '../scale/redis.js';
import type { ServiceRegistry } from '../services/registry.js';
import type { StorageBackend } from '../storage/backend.js';
import { openPluginStorage } from '../storage/plugin-storage.js';
import { checkSchedule, scheduleTask } from '../tasks/scheduler.js';
import type { AnyWebPlugin, LoadContext, PluginStorage } from '../types.js';
import { createContext } from './context.js';
import { watchHealth } from './health.js';
import { registerPluginRoutes } from './plugin-routes.js';
import type { ReloadableRoutes } from './reload-routes.js';
import { type PluginRuntime, prefixOf } from './runtime.js';

/** What the hooks share: one per host. */
export interface HostParts {
  app: FastifyInstance;
  log: FastifyBaseLogger;
  bus: EventBus;
  services: ServiceRegistry;
  coordination: Coordination;
  storage: StorageBackend;
  redis: Redis | undefined;
  configDir: string | undefined;
  env: Record<string, string | undefined>;
  cwd: string;
  cacheTtlMs: number | undefined;
  state(name: string): ReturnType<import('@plugboard/core').HostLifecycle<PluginRuntime>['state']>;
  healthStops: Map<string, () => void>;
  /** With hot reload: the plugins served by an instance of their own, made anew at each start. */
  reloadable?: ReloadableRoutes | undefined;
}

type Options = HostLifecycleOptions<AnyWebPlugin, PluginRuntime, WebMeta>;

const loadCtx = (rt: PluginRuntime): LoadContext => ({
  name: rt.name,
  log: rt.log,
  signal: rt.controller.signal,
});

function startTask(parts: HostParts, rt: PluginRuntime, name: string): void {
  const task = rt.tasks.get(name);
  if (!task || rt.runningTasks.has(name) || !rt.ctx) return;
  const stats = rt.taskStats.get(name) ?? { runs: 0, failed: 0, skipped: 0 };
  rt.taskStats.set(name, stats);
  const ctx = rt.ctx;
  const stop = scheduleTask({
    plugin: rt.name,
    name,
    schedule: task.schedule,
    run: (tick) => task.run(ctx, tick),
    log: rt.log,
    lock: (key, ttl) => parts.coordination.lock(key, ttl),
    stats,
  });
  rt.runningTasks.set(name, stop);
}

async function stopTasks(rt: PluginRuntime): Promise<void> {
  const stops = [...rt.runningTasks.values()];
  rt.runningTasks.clear();
  await Promise.all(stops.map((s) => s()));
}

/**
 * The Nexus guide's lifecycle on core's: `create` = load, `start` = validate
 * (config) + initialize + routes, `enable`/`disable` start and stop tasks and
 * subscriptions, `stop` = shutdown, `unload` = unload; `error` hears every failure.
 */
export function webLifecycle(parts: HostParts): Pick<Options, 'create' | 'hooks' | 'onStateChange'> {
  const runtimes = new Map<string, PluginRuntime>();
  return {
    async create(def, plugin) {
      const meta = plugin.meta;
      const declared = [...(meta?.permissions ?? []), ...(plugin.package.manifest.permissions ?? [])];
      const rt: PluginRuntime = {
        name: plugin.name,
        version:
          plugin.source === 'provided' ? (def.version ?? plugin.package.version) : plugin.package.version,
        plugin,
        def,
        meta,
        permissions: new Set(
          declared.filter((p): p is WebPermission => (WEB_PERMISSIONS as readonly string[]).includes(p)),
        ),
        log: parts.log.child({ plugin: plugin.name }),
        controller: new AbortController(),
        tasks: new Map(),
        taskStats: new Map(),
        runningTasks: new Map(),
        health: { ok: true },
        routeErrors: 0,
        requests: 0,
      };
      runtimes.set(rt.name, rt);
      await def.load?.(loadCtx(rt));
      return rt;
    },
    hooks: {
      async start({ instance: rt, signal }) {
        const { def } = rt;
        try {
          rt.config = await loadPluginConfig({
            plugin: def,
            name: rt.name,
            meta: rt.meta,
            dir: parts.configDir,
            env: parts.env,
            cwd: parts.cwd,
          });
          const complaint = await def.validate?.(rt.config.value);
          if (typeof complaint === 'string') throw new Error(complaint);
          if (def.storage && !rt.permissions.has('storage')) throw permissionDenied(rt.name, 'storage');
          if (def.events && Object.keys(def.events).length > 0 && !rt.permissions.has('events.subscribe'))
            throw permissionDenied(rt.name, 'events.subscribe');
          if (def.tasks && Object.keys(def.tasks).length > 0 && !rt.permissions.has('tasks'))
            throw permissionDenied(rt.name, 'tasks');
          for (const [name, task] of Object.entries(def.tasks ?? {})) {
            checkSchedule(rt.name, name, task.schedule);
            rt.tasks.set(name, task as PluginRuntime['tasks'] extends Map<string, infer V> ? V : never);
          }
          let storage: PluginStorage | undefined;
          if (rt.permissions.has('storage')) {
            const opened = await openPluginStorage(parts.storage, rt.name, def.storage);
            rt.storage = opened.opened;
            storage = opened.storage;
          }
          const ctx = createContext(
            rt,
            {
              bus: parts.bus,
              services: parts.services,
              coordination: parts.coordination,
              cacheTtlMs: parts.cacheTtlMs,
              onTaskAdded: (r, n) => parts.state(r.name) === 'enabled' && startTask(parts, r, n),
            },
            storage,
          );
          rt.ctx = ctx;
          for (const [pattern, handler] of Object.entries(def.events ?? {}))
            ctx.events.subscribe(pattern, (e) => handler(e, ctx));
          await def.initialize?.(ctx);
          // A hook that outlived its timeout must not add routes to a server that booted without it.
          if (signal.aborted) return;
          const mount = (app: FastifyInstance) =>
            registerPluginRoutes({ app, rt, state: () => parts.state(rt.name), redis: parts.redis });
          if (parts.reloadable?.has(rt.name))
            await parts.reloadable.open(rt.name, prefixOf(rt.name, rt.meta), mount);
          else await mount(parts.app);
        } catch (error) {
          await release(parts, rt);
          throw error;
        }
      },
      async enable({ instance: rt }) {
        for (const name of rt.tasks.keys()) startTask(parts, rt, name);
        parts.healthStops.set(rt.name, watchHealth(rt));
        if (rt.ctx) await rt.def.enable?.(rt.ctx);
      },
      async disable({ instance: rt }) {
        parts.healthStops.get(rt.name)?.();
        parts.healthStops.delete(rt.name);
        await stopTasks(rt);
        if (rt.ctx) await rt.def.disable?.(rt.ctx);
      },
      async stop({ instance: rt }) {
        await stopTasks(rt);
        try {
          if (rt.ctx) await rt.def.shutdown?.(rt.ctx);
        } finally {
          rt.controller.abort();
          parts.bus.drop(rt.name);
          parts.services.drop(rt.name);
          await parts.reloadable?.close(rt.name);
          await rt.config?.close();
        }
      },
      async unload({ instance: rt }) {
        try {
          await rt.def.unload?.(loadCtx(rt));
        } finally {
          await rt.storage?.close();
          rt.storage = undefined;
        }
        // Unloaded: its error hook hears no more (a reload's failure belongs to the new code).
        if (runtimes.get(rt.name) === rt) runtimes.delete(rt.name);
      },
    },
    onStateChange(id, state, error) {
      if (state !== 'failed' || !error) return;
      const rt = runtimes.get(id);
      parts.log.error({ plugin: id, code: error.code }, error.message);
      try {
        rt?.def.error?.({ code: error.code, message: error.message }, loadCtx(rt));
      } catch (hookError) {
        parts.log.warn(
          { err: hookError, plugin: id },
          `@plugboard/web: plugin "${id}" threw in its error hook.`,
        );
      }
    },
  };
}

/** Undo a failed start: nothing of the plugin keeps running or stays open. */
async function release(parts: HostParts, rt: PluginRuntime): Promise<void> {
  rt.controller.abort();
  parts.bus.drop(rt.name);
  parts.services.drop(rt.name);
  await parts.reloadable?.close(rt.name).catch(() => {});
  await rt.config?.close().catch(() => {});
  await rt.storage?.close().catch(() => {});
  rt.storage = undefined;
}
