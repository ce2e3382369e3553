import { pluginCache } from '../cache/plugin-cache.js';
import { permissionDenied, WebError, WebErrorCodes } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import { checkTopic } from '../events/match.js';
import type { WebPermission } from '../meta.js';
import type { Coordination } from '../scale/redis.js';
import type { ServiceRegistry } from '../services/registry.js';
import { checkSchedule } from '../tasks/scheduler.js';
import type { PluginStorage, WebContext } from '../types.js';
import type { PluginRuntime } from './runtime.js';

export interface ContextDeps {
  bus: EventBus;
  services: ServiceRegistry;
  coordination: Coordination;
  /** Start a task now when the plugin is enabled (tasks added at run time). */
  onTaskAdded(rt: PluginRuntime, name: string): void;
  cacheTtlMs?: number | undefined;
}

/**
 * Build the context a plugin's hooks and routes see. Each capability checks the
 * manifest's permissions at the moment it is used: that is the host API's
 * enforcement (it cannot stop code the plugin imports itself).
 */
export function createContext(
  rt: PluginRuntime,
  deps: ContextDeps,
  storage: PluginStorage | undefined,
): WebContext {
  const need = (capability: WebPermission) => {
    if (!rt.permissions.has(capability)) throw permissionDenied(rt.name, capability);
  };
  const badTopic = (what: string, value: string, why: string) =>
    new WebError(WebErrorCodes.PLUGIN_INVALID, `plugin "${rt.name}" used ${what} "${value}", which ${why}.`, {
      plugin: rt.name,
    });
  const ctx: WebContext = {
    name: rt.name,
    version: rt.version,
    config: rt.config?.value ?? {},
    log: rt.log,
    permissions: [...rt.permissions],
    signal: rt.controller.signal,
    get storage() {
      need('storage');
      return storage!;
    },
    events: {
      async publish(topic, payload) {
        need('events.publish');
        const why = checkTopic(topic, false);
        if (why) throw badTopic('topic', topic, why);
        await deps.bus.publish(rt.name, topic, payload);
      },
      subscribe(pattern, handler) {
        need('events.subscribe');
        const why = checkTopic(pattern, true);
        if (why) throw badTopic('pattern', pattern, why);
        return deps.bus.subscribe(rt.name, pattern, handler);
      },
    },
    services: {
      provide(name, service) {
        need('services.provide');
        deps.services.provide(rt.name, name, service);
      },
      get<S extends object>(name: string) {
        need('services.consume');
        return deps.services.get(rt.name, name) as S;
      },
      has(name) {
        need('services.consume');
        return deps.services.has(name);
      },
    },
    tasks: {
      schedule(name, task) {
        need('tasks');
        checkSchedule(rt.name, name, task.schedule);
        rt.tasks.set(name, task);
        deps.onTaskAdded(rt, name);
      },
      list: () => [...rt.tasks.keys()],
    },
    cache: pluginCache(deps.coordination.cache, rt.name, deps.cacheTtlMs),
  };
  return ctx;
}
