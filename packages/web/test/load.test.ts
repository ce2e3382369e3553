import autocannon from 'autocannon';
import { describe, expect, it } from 'vitest';
import { defineWebPlugin } from '../src/index.js';
import { startHost } from './helpers.js';

// Bounded load on loopback (2 × 3 s): no timing assertions, only what must never happen.
const run = (o: autocannon.Options) => autocannon({ duration: 3, connections: 10, ...o });

describe('under load', () => {
  it('stays up and green while one plugin flaps and another throws on a share of its requests', async () => {
    let n = 0;
    const healthy = defineWebPlugin({
      name: 'healthy',
      routes: (app) => void app.get('/ping', async () => ({ pong: true })),
    });
    const flaky = defineWebPlugin({
      name: 'flaky',
      routes: (app) =>
        void app.get('/maybe', async () => {
          if (++n % 4 === 0) throw new Error('every fourth request fails');
          return { ok: true };
        }),
    });
    const toggled = defineWebPlugin({
      name: 'toggled',
      routes: (app) => void app.get('/x', async () => 'x'),
    });
    const host = await startHost({ plugins: [healthy, flaky, toggled] });
    const url = await host.listen();

    const health: string[] = [];
    let flaps = 0;
    let stop = false;
    const flapping = (async () => {
      while (!stop) {
        await host.disable('toggled');
        await new Promise((r) => setTimeout(r, 50));
        await host.enable('toggled');
        flaps++;
        const res = await fetch(`${url}/health`);
        health.push(`${res.status}:${((await res.json()) as { status: string }).status}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const [good, mixed] = await Promise.all([
      run({ url: `${url}/api/healthy/ping` }),
      run({ url, requests: [{ path: '/api/flaky/maybe' }, { path: '/api/toggled/x' }] }),
    ]);
    stop = true;
    await flapping;

    expect(good.requests.total).toBeGreaterThan(0);
    expect({ non2xx: good.non2xx, errors: good.errors, timeouts: good.timeouts }).toEqual({
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    });
    // The mixed run saw the flaky plugin's 500s and the toggled plugin's 503s, but no broken connections.
    expect(mixed.non2xx).toBeGreaterThan(0);
    expect({ errors: mixed.errors, timeouts: mixed.timeouts }).toEqual({ errors: 0, timeouts: 0 });
    expect(mixed['5xx']).toBe(mixed.non2xx);
    expect(flaps).toBeGreaterThan(2);
    expect(new Set(health)).toEqual(new Set(['200:ok']));
    expect(host.plugins().find((p) => p.name === 'flaky')?.stats.routeErrors).toBeGreaterThan(0);
    expect((await fetch(`${url}/api/healthy/ping`)).status).toBe(200);
  }, 60_000);
});
