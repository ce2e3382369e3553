import { startPostgres, startRedis, type TestServer } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineWebPlugin, dialectOf, type WebEvent } from '../src/index.js';
import { createStorageBackend } from '../src/storage/backend.js';
import { startHost } from './helpers.js';

// Two host instances in one process, sharing a real Redis and a real Postgres on loopback.
let redis: TestServer;
let postgres: TestServer;
beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
}, 300_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), postgres?.stop()]);
});

const received: { instance: string; from: string; topic: string }[] = [];
const ticks: { at: number; instance: string }[] = [];

/** One plugin definition, loaded by both instances. */
function shared(instance: string) {
  return defineWebPlugin({
    name: 'orders',
    meta: { permissions: ['storage', 'events.publish', 'events.subscribe', 'tasks'] },
    storage: {
      migrations: {
        '001-orders': {
          async up(db) {
            await db.schema
              .createTable('orders')
              .addColumn('id', 'integer', (c) =>
                dialectOf(db) === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
              )
              .addColumn('item', 'text', (c) => c.notNull())
              .execute();
          },
        },
      },
    },
    events: {
      'orders.*': (e: WebEvent) => void received.push({ instance, from: e.instance, topic: e.topic }),
    },
    tasks: {
      sweep: {
        schedule: { cron: '* * * * * *' },
        run: (_ctx, tick) => void ticks.push({ at: tick.at, instance }),
      },
    },
    routes(app, ctx) {
      app.post<{ Body: { item: string } }>('/', async (req) => {
        const row = await ctx.storage.db
          .insertInto('orders')
          .values({ item: req.body.item })
          .returning('id')
          .executeTakeFirstOrThrow();
        await ctx.events.publish('orders.created', { id: row.id });
        return row;
      });
      app.get('/', async () =>
        ctx.storage.db.selectFrom('orders').select(['id', 'item']).orderBy('id').execute(),
      );
      app.put<{ Body: { value: string } }>('/cache', async (req) => {
        await ctx.cache.set('greeting', req.body.value);
        return 'ok';
      });
      app.delete('/cache', async () => {
        await ctx.cache.delete('greeting');
        return 'ok';
      });
      app.get('/cache', async () => ({ value: (await ctx.cache.get('greeting')) ?? null }));
    },
  });
}

describe('scale-out: two instances on Redis and Postgres', () => {
  it('shares events, data, cache and runs a cron tick once across both', async () => {
    const options = (id: string) => ({
      plugins: [shared(id)],
      instanceId: id,
      redisUrl: redis.url,
      databaseUrl: postgres.url,
    });
    const a = await startHost(options('a'));
    const b = await startHost(options('b'));
    expect([a.state('orders'), b.state('orders')]).toEqual(['enabled', 'enabled']);

    // Data written through A is read through B (same Postgres schema plugin_orders).
    const created = await a.app.inject({ method: 'POST', url: '/api/orders/', payload: { item: 'lamp' } });
    expect(created.statusCode).toBe(200);
    expect((await b.app.inject('/api/orders/')).json()).toEqual([{ id: created.json().id, item: 'lamp' }]);

    // The event published through A reaches the subscriber on B (and A's own, locally).
    await expect
      .poll(() =>
        received
          .filter((r) => r.topic === 'orders.created')
          .map((r) => `${r.instance}<-${r.from}`)
          .sort(),
      )
      .toEqual(['a<-a', 'b<-a']);

    // A value cached on A is visible on B; invalidated on A, it is gone on B.
    await a.app.inject({ method: 'PUT', url: '/api/orders/cache', payload: { value: 'hi' } });
    expect((await b.app.inject('/api/orders/cache')).json()).toEqual({ value: 'hi' });
    await a.app.inject({ method: 'DELETE', url: '/api/orders/cache' });
    expect((await b.app.inject('/api/orders/cache')).json()).toEqual({ value: null });

    // Each one-second cron tick ran on exactly one of the two instances.
    await expect
      .poll(() => new Set(ticks.map((t) => t.at)).size, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    const perTick = new Map<number, number>();
    for (const t of ticks) perTick.set(t.at, (perTick.get(t.at) ?? 0) + 1);
    expect([...perTick.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  it('starts instances together on an empty database: one schema, one migration, all enabled', async () => {
    const stock = () =>
      defineWebPlugin({
        name: 'stock',
        meta: { permissions: ['storage'] },
        storage: {
          migrations: {
            '001-stock': {
              async up(db) {
                await db.schema
                  .createTable('stock')
                  .addColumn('item', 'text', (c) => c.primaryKey())
                  .execute();
              },
            },
          },
        },
        routes(app, ctx) {
          app.post<{ Body: { item: string } }>('/', async (req) => {
            await ctx.storage.db.insertInto('stock').values({ item: req.body.item }).execute();
            return 'ok';
          });
          app.get('/', async () => ctx.storage.db.selectFrom('stock').select('item').execute());
        },
      });
    const hosts = await Promise.all(
      ['s1', 's2', 's3'].map((id) =>
        startHost({ plugins: [stock()], instanceId: id, redisUrl: redis.url, databaseUrl: postgres.url }),
      ),
    );
    expect(hosts.map((h) => h.state('stock'))).toEqual(['enabled', 'enabled', 'enabled']);
    expect(
      (await hosts[0]!.app.inject({ method: 'POST', url: '/api/stock/', payload: { item: 'bolt' } }))
        .statusCode,
    ).toBe(200);
    expect((await hosts[2]!.app.inject('/api/stock/')).json()).toEqual([{ item: 'bolt' }]);
  }, 60_000);

  it('opens one plugin schema from many connections at once (no duplicate-key race)', async () => {
    const backend = createStorageBackend({ url: postgres.url, dir: '' });
    const opened = await Promise.all(Array.from({ length: 6 }, () => backend.open('race-check')));
    try {
      expect(new Set(opened.map((o) => o.schema))).toEqual(new Set(['plugin_race_check']));
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });

  it('survives Postgres dropping its idle connections; the next query reports', async () => {
    const own = await startPostgres();
    const opened = await createStorageBackend({ url: own.url, dir: '' }).open('drop-check');
    try {
      await opened.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      await own.stop(); // FATAL 57P01 on each idle connection: an 'error' event on the pool
      await new Promise((r) => setTimeout(r, 200));
      await expect(opened.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute()).rejects.toThrow();
    } finally {
      await opened.close().catch(() => {});
      await own.stop().catch(() => {});
    }
  }, 120_000);
});
