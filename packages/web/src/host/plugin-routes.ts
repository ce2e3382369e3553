import rateLimit from '@fastify/rate-limit';
import type { PluginState } from '@plugboard/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { permissionDenied } from '../errors.js';
import { replyError } from './error-reply.js';
import { checkHealth } from './health.js';
import { type PluginRuntime, prefixOf } from './runtime.js';

export interface RegisterRoutesOptions {
  app: FastifyInstance;
  rt: PluginRuntime;
  state(): PluginState | undefined;
  /** Shared rate-limit counters across instances when the host has Redis. */
  redis?: Redis | undefined;
}

/** The 503 body of a plugin's routes while it is not enabled. */
export function disabledBody(plugin: string, state: PluginState | undefined, requestId: string) {
  return {
    statusCode: 503,
    error: 'Service Unavailable',
    code: 'PB_WEB_PLUGIN_DISABLED',
    message:
      state === 'failed' || state === 'skipped'
        ? // enabling cannot help a plugin that failed: say where its error is
          `@plugboard/web: plugin "${plugin}" is ${state}; its error is in the admin dashboard (GET /admin/api/plugins) and the server log. Fix it, then restart the server (with hot reload, saving the fix is enough).`
        : `@plugboard/web: plugin "${plugin}" is ${state ?? 'not loaded'}; enable it in the admin dashboard (or POST /admin/api/plugins/${plugin}/enable) to use its routes.`,
    plugin,
    state,
    requestId,
  };
}

/**
 * Mount a plugin in its own encapsulated Fastify context under its prefix:
 * its hooks, decorators, rate limit and error handler stay inside it. A gate
 * answers 503 while the plugin is not enabled, so disabling needs no route removal.
 */
export async function registerPluginRoutes(o: RegisterRoutesOptions): Promise<void> {
  const { rt } = o;
  let failure: unknown;
  await o.app.register(
    async (child) => {
      try {
        child.addHook('onRoute', (route) => {
          if (route.websocket && !rt.permissions.has('websocket'))
            throw permissionDenied(rt.name, 'websocket');
          // Group the plugin's operations in the OpenAPI document.
          route.schema = { ...route.schema, tags: [rt.name] };
        });
        child.addHook('onRequest', async (request, reply) => {
          rt.requests++;
          const state = o.state();
          if (state !== 'enabled') return reply.code(503).send(disabledBody(rt.name, state, request.id));
        });
        child.setErrorHandler((error: FastifyError, request, reply) =>
          replyError(rt.name, error, request, reply, () => rt.routeErrors++),
        );
        const limit = rt.meta?.rateLimit;
        if (limit)
          await child.register(rateLimit, {
            ...limit,
            // Injected requests (tests, injectWS) have no socket address.
            keyGenerator: (req) => req.ip ?? 'local',
            ...(o.redis ? { redis: o.redis, nameSpace: `plugboard:web:rate:${rt.name}:` } : {}),
          });
        const path = rt.meta?.health?.path ?? '/health';
        child.get(path, { schema: { hide: true } }, async (_req, reply) => {
          const result = await checkHealth(rt);
          return reply.code(result.ok ? 200 : 503).send({ plugin: rt.name, ...result });
        });
        if (rt.def.routes && rt.ctx) await rt.def.routes(child, rt.ctx);
      } catch (error) {
        // Kept and rethrown outside: a throw here would fail the whole server's boot.
        failure = error;
      }
    },
    { prefix: prefixOf(rt.name, rt.meta) },
  );
  if (failure !== undefined) throw failure;
}
