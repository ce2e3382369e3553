import fastifyWebsocket from '@fastify/websocket';
import type { PluginState } from '@plugboard/core';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { disabledBody } from './plugin-routes.js';

export interface ReloadableRoutesOptions {
  /** The host's server. */
  app: FastifyInstance;
  /** Options for each plugin's own instance (the host's validator settings and logger). */
  serverOptions: FastifyServerOptions;
  state(name: string): PluginState | undefined;
  /** A route of a plugin's current instance, for `host.routes()`. */
  onRoute(plugin: string, method: string, url: string): void;
  /** The plugin's instance closed: forget its routes. */
  dropRoutes(plugin: string): void;
}

interface Slot {
  name: string;
  prefix: string;
  app: FastifyInstance | undefined;
}

/** Marks the catch-all in `onRoute` listeners, so route tables leave it out. */
export const FORWARD = 'plugboardForward';

/**
 * Fastify can neither remove a route nor add one once the server is ready. A
 * plugin that may be reloaded is therefore served by a Fastify instance of its
 * own, made anew each time it starts, behind one catch-all route of the host:
 * an `/api/*` request that no other plugin's route matched is handed, raw and
 * unread, to the instance whose prefix it falls under (WebSocket upgrades too).
 * Those routes are not in the host's OpenAPI document: a development trade-off.
 */
export class ReloadableRoutes {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly o: ReloadableRoutesOptions,
    /** Plugin name → its API prefix as discovered (each start sets the prefix it has then). */
    plugins: Iterable<[string, string]>,
  ) {
    for (const [name, prefix] of plugins) this.slots.set(name, { name, prefix, app: undefined });
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }

  /** Register the catch-all on the host (before it is ready); nothing when no plugin needs it. */
  mount(): void {
    if (this.slots.size === 0) return;
    this.o.app.all(
      '/api/*',
      {
        schema: { hide: true },
        config: { [FORWARD]: true },
        onRequest: async (request, reply) => {
          const slot = this.match(request.url.split('?', 1)[0]!);
          if (!slot) return; // the handler answers 404
          const state = this.o.state(slot.name);
          if (state !== 'enabled' || !slot.app)
            return reply.code(503).send(disabledBody(slot.name, state, request.id));
          // The plugin's instance logs under the same request id.
          request.raw.headers['x-request-id'] ??= request.id;
          reply.hijack();
          slot.app.routing(request.raw, reply.raw);
        },
      },
      (_request, reply) => reply.callNotFound(),
    );
  }

  /** Serve a plugin from a new instance that `register` sets up (its routes, hooks and rate limit). */
  async open(name: string, prefix: string, register: (app: FastifyInstance) => Promise<void>): Promise<void> {
    const slot = this.slots.get(name)!;
    await this.close(name);
    const app = Fastify(this.o.serverOptions);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') this.o.onRoute(name, method, route.url);
    });
    try {
      await app.register(fastifyWebsocket);
      await register(app);
      await app.ready();
    } catch (error) {
      this.o.dropRoutes(name);
      await app.close().catch(() => {});
      throw error;
    }
    slot.prefix = prefix;
    slot.app = app;
  }

  /** Close the plugin's instance (its onClose hooks run, its WebSocket clients are closed). */
  async close(name: string): Promise<void> {
    const slot = this.slots.get(name);
    const app = slot?.app;
    if (!slot || !app) return;
    slot.app = undefined;
    this.o.dropRoutes(name);
    await app.close();
  }

  /** The slot whose prefix the path falls under; the longest prefix wins. */
  private match(path: string): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots.values()) {
      const inside = path === slot.prefix || path.startsWith(`${slot.prefix}/`);
      if (inside && (!best || slot.prefix.length > best.prefix.length)) best = slot;
    }
    return best;
  }
}
