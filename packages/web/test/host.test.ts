import { describe, expect, it } from 'vitest';
import { defineWebPlugin } from '../src/index.js';
import { startHost } from './helpers.js';

const echo = defineWebPlugin({
  name: 'echo',
  routes(app) {
    app.post(
      '/items',
      {
        schema: {
          body: {
            type: 'object',
            required: ['title'],
            properties: { title: { type: 'string', minLength: 1 }, n: { type: 'integer' } },
            additionalProperties: false,
          },
        },
      },
      async (req) => ({ got: req.body }),
    );
    app.get('/boom', async () => {
      throw new Error('database password hunter2 leaked in a stack');
    });
    app.get('/teapot', async (_req, reply) => reply.code(418).send({ short: 'and stout' }));
  },
});

describe('routes through the host', () => {
  it('serves a plugin under /api/<name> in its own context', async () => {
    const host = await startHost({ plugins: [echo] });
    const res = await host.app.inject({
      method: 'POST',
      url: '/api/echo/items',
      payload: { title: 'a', n: 2 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ got: { title: 'a', n: 2 } });
    expect(host.routes()).toContainEqual({ method: 'POST', url: '/api/echo/items', plugin: 'echo' });
  });

  it('answers 400 with the schema errors on bad input', async () => {
    const host = await startHost({ plugins: [echo] });
    const res = await host.app.inject({
      method: 'POST',
      url: '/api/echo/items',
      payload: { n: 'x', extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('PB_WEB_BAD_REQUEST');
    expect(body.details.map((d: { keyword: string }) => d.keyword).sort()).toEqual(
      ['additionalProperties', 'required', 'type'].sort(),
    );
    expect(body.requestId).toBeTypeOf('string');
  });

  it('answers 500 for a throwing route only, with a request id and no stack or message leak', async () => {
    const host = await startHost({ plugins: [echo] });
    const res = await host.app.inject({
      method: 'GET',
      url: '/api/echo/boom',
      headers: { 'x-request-id': 'req-42' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'PB_WEB_ROUTE_FAILED', requestId: 'req-42' });
    expect(res.body).not.toMatch(/hunter2|at .*\.ts|stack/);
    expect(res.json().message).toMatch(
      /^@plugboard\/web: plugin "echo" failed to answer this request; .*req-42/,
    );
    const ok = await host.app.inject({
      method: 'POST',
      url: '/api/echo/items',
      payload: { title: 'still fine' },
    });
    expect(ok.statusCode).toBe(200);
    expect(host.plugins().find((p) => p.name === 'echo')?.stats.routeErrors).toBe(1);
  });

  it("passes a route's own 4xx through", async () => {
    const host = await startHost({ plugins: [echo] });
    const res = await host.app.inject({ method: 'GET', url: '/api/echo/teapot' });
    expect(res.statusCode).toBe(418);
  });

  it('serves OpenAPI with the plugin routes tagged, and a docs page', async () => {
    const host = await startHost({ plugins: [echo] });
    const spec = (await host.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.paths['/api/echo/items'].post.tags).toEqual(['echo']);
    const docs = await host.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });
});

describe('failure isolation at start', () => {
  it('times out a plugin whose initialize hangs; the others serve', async () => {
    const hang = defineWebPlugin({
      name: 'hang',
      initialize: () => new Promise(() => {}),
      routes(app) {
        app.get('/x', async () => 'never');
      },
    });
    const host = await startHost({ plugins: [hang, echo], timeoutMs: 200 });
    expect(host.state('hang')).toBe('failed');
    const summary = host.plugins().find((p) => p.name === 'hang');
    expect(summary?.error?.code).toBe('PB_HOOK_TIMEOUT');
    expect(summary?.error?.message).toMatch(/"hang" did not finish its start hook within 200 ms/);
    expect((await host.app.inject({ method: 'GET', url: '/api/hang/x' })).statusCode).toBe(404);
    expect(
      (await host.app.inject({ method: 'POST', url: '/api/echo/items', payload: { title: 't' } })).statusCode,
    ).toBe(200);
    const health = (await host.app.inject({ method: 'GET', url: '/health' })).json();
    expect(health.status).toBe('degraded');
    expect(health.plugins.hang).toMatchObject({ state: 'failed', ok: false, error: 'PB_HOOK_TIMEOUT' });
  });

  it('fails a plugin whose routes() throws, and keeps booting the rest', async () => {
    const bad = defineWebPlugin({
      name: 'bad',
      routes() {
        throw new Error('no routes today');
      },
    });
    const host = await startHost({ plugins: [bad, echo] });
    expect(host.state('bad')).toBe('failed');
    expect(host.plugins().find((p) => p.name === 'bad')?.error?.message).toMatch(/no routes today/);
    expect(host.state('echo')).toBe('enabled');
  });
});

describe('enable and disable at run time', () => {
  it('answers 503 with a JSON body while disabled, and serves again when re-enabled', async () => {
    const host = await startHost({ plugins: [echo] });
    await host.disable('echo');
    const res = await host.app.inject({ method: 'POST', url: '/api/echo/items', payload: { title: 'a' } });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'PB_WEB_PLUGIN_DISABLED', plugin: 'echo', state: 'disabled' });
    expect(res.json().message).toMatch(/plugin "echo" is disabled; enable it/);
    expect((await host.app.inject({ method: 'GET', url: '/health' })).json().status).toBe('ok');
    await host.enable('echo');
    expect(
      (await host.app.inject({ method: 'POST', url: '/api/echo/items', payload: { title: 'a' } })).statusCode,
    ).toBe(200);
  });

  it('names an unknown plugin with a coded error', async () => {
    const host = await startHost({ plugins: [echo] });
    await expect(host.disable('nope')).rejects.toMatchObject({
      code: 'PB_WEB_PLUGIN_UNKNOWN',
      message: expect.stringMatching(/^@plugboard\/web: no plugin "nope" in this host/),
    });
    await expect(host.enable('ecoh')).rejects.toThrow(
      /no plugin "ecoh" in this host\. Did you mean "echo"\?/,
    );
  });
});

describe('per-plugin rate limit from the manifest', () => {
  it('answers 429 past the limit for that plugin only', async () => {
    const limited = defineWebPlugin({
      name: 'limited',
      meta: { rateLimit: { max: 2, timeWindow: 60_000 } },
      routes: (app) => void app.get('/', async () => 'ok'),
    });
    const host = await startHost({ plugins: [limited, echo] });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await host.app.inject('/api/limited/')).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    expect((await host.app.inject('/api/echo/teapot')).statusCode).toBe(418);
  });
});
