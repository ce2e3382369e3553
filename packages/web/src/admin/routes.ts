import { isPlugboardError } from '@plugboard/core';
import type { FastifyInstance } from 'fastify';
import type { WebHost } from '../host/create.js';
import { requireToken } from './auth.js';
import { DASHBOARD_HTML } from './dashboard.js';

export interface AdminOptions {
  token: string;
  host(): WebHost;
}

const nameParams = {
  type: 'object',
  properties: { name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
  required: ['name'],
} as const;

/**
 * `/admin`: the dashboard page (static; it asks for the token and calls the API)
 * and `/admin/api/*`, every route behind the token, including the live feed.
 */
export function registerAdmin(app: FastifyInstance, o: AdminOptions): void {
  app.get('/admin', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(DASHBOARD_HTML),
  );
  app.register(
    async (api) => {
      api.addHook('onRequest', requireToken(o.token));
      api.get('/plugins', async () => ({ instance: o.host().instanceId, plugins: o.host().plugins() }));
      api.get('/routes', async () => o.host().routes());
      api.get<{ Params: { name: string } }>(
        '/plugins/:name',
        { schema: { params: nameParams } },
        async (req, reply) => {
          const plugin = o
            .host()
            .plugins()
            .find((p) => p.name === req.params.name);
          if (!plugin)
            return reply
              .code(404)
              .send({ statusCode: 404, error: 'Not Found', message: `no plugin "${req.params.name}"` });
          return plugin;
        },
      );
      for (const action of ['enable', 'disable'] as const) {
        api.post<{ Params: { name: string } }>(
          `/plugins/:name/${action}`,
          { schema: { params: nameParams } },
          async (req, reply) => {
            try {
              await o.host()[action](req.params.name);
              return { name: req.params.name, state: o.host().state(req.params.name) };
            } catch (error) {
              const code = isPlugboardError(error) ? error.code : 'PB_WEB_ADMIN_FAILED';
              const status = code === 'PB_WEB_PLUGIN_UNKNOWN' ? 404 : 409;
              return reply
                .code(status)
                .send({ statusCode: status, error: 'Conflict', code, message: (error as Error).message });
            }
          },
        );
      }
      api.get('/live', { websocket: true }, (socket) => {
        const send = (name: string, state: string) =>
          socket.send(JSON.stringify({ type: 'state', name, state }));
        const off = o.host().onChange(send);
        socket.on('close', off);
        socket.send(JSON.stringify({ type: 'hello', instance: o.host().instanceId }));
      });
    },
    { prefix: '/admin/api' },
  );
}
