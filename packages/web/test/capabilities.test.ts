import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type AnyWebPlugin, defineWebPlugin, type WebEvent, type WebPermission } from '../src/index.js';
import { startHost } from './helpers.js';

const withPerms = (name: string, permissions: WebPermission[], rest: AnyWebPlugin = { name }): AnyWebPlugin =>
  defineWebPlugin({ ...rest, name, meta: { ...rest.meta, permissions } });

describe('permissions', () => {
  const cases: [WebPermission, (ctx: import('../src/index.js').WebContext) => unknown][] = [
    ['storage', (ctx) => ctx.storage.db],
    ['events.publish', (ctx) => ctx.events.publish('a.b')],
    ['events.subscribe', (ctx) => ctx.events.subscribe('a.*', () => {})],
    ['services.provide', (ctx) => ctx.services.provide('x', {})],
    ['services.consume', (ctx) => ctx.services.get('x')],
    ['tasks', (ctx) => ctx.tasks.schedule('t', { schedule: { everyMs: 1000 }, run() {} })],
  ];
  for (const [capability, use] of cases) {
    it(`denies undeclared "${capability}" with PB_PERMISSION_DENIED naming plugin and capability`, async () => {
      const host = await startHost({
        plugins: [
          withPerms('sneaky', [], { name: 'sneaky', initialize: async (ctx) => void (await use(ctx)) }),
        ],
      });
      const error = host.plugins().find((p) => p.name === 'sneaky')?.error;
      expect(error?.code).toBe('PB_PERMISSION_DENIED');
      expect(error?.message).toBe(
        `@plugboard/web: plugin "sneaky" used "${capability}" without declaring it; add "${capability}" to "plugboard.web.permissions" in its package.json.`,
      );
    });
  }

  it('denies a websocket route without the websocket permission', async () => {
    const host = await startHost({
      plugins: [
        withPerms('ws', [], {
          name: 'ws',
          routes: (app) => void app.get('/feed', { websocket: true }, () => {}),
        }),
      ],
    });
    expect(host.plugins()[0]?.error).toMatchObject({
      code: 'PB_PERMISSION_DENIED',
      message: expect.stringContaining('"websocket"'),
    });
  });

  it('denies declared-in-code storage, subscriptions and tasks up front', async () => {
    const host = await startHost({
      plugins: [
        withPerms('s', [], { name: 's', storage: { migrations: {} } }),
        withPerms('e', [], { name: 'e', events: { 'x.*': () => {} } }),
      ],
    });
    expect(host.plugins().map((p) => p.error?.message)).toEqual([
      expect.stringContaining('"storage"'),
      expect.stringContaining('"events.subscribe"'),
    ]);
  });
});

describe('events', () => {
  it('delivers by wildcard pattern; a failing handler is isolated, logged and counted', async () => {
    const seen: string[] = [];
    const pub = withPerms('pub', ['events.publish'], {
      name: 'pub',
      routes: (app, ctx) =>
        void app.post('/fire', async () => {
          await ctx.events.publish('notes.created', { id: 1 });
          return { ok: true };
        }),
    });
    const good = withPerms('good', ['events.subscribe'], {
      name: 'good',
      events: {
        'notes.*': (e: WebEvent) => void seen.push(`one:${e.topic}:${e.source}`),
        '**': (e: WebEvent) => void seen.push(`all:${e.topic}`),
        'users.*': () => void seen.push('wrong'),
      },
    });
    const bad = withPerms('bad', ['events.subscribe'], {
      name: 'bad',
      events: { 'notes.created': async () => Promise.reject(new Error('handler broke')) },
    });
    const host = await startHost({ plugins: [pub, good, bad] });
    const res = await host.app.inject({ method: 'POST', url: '/api/pub/fire' });
    expect(res.statusCode).toBe(200);
    await host.settle();
    expect(seen.sort()).toEqual(['all:notes.created', 'one:notes.created:pub']);
    const stats = Object.fromEntries(host.plugins().map((p) => [p.name, p.stats.events]));
    expect(stats.bad).toMatchObject({ failed: 1 });
    expect(stats.good).toMatchObject({ delivered: 2, failed: 0 });
    expect(stats.pub).toMatchObject({ published: 1 });
  });

  it('pauses a disabled plugin’s subscriptions', async () => {
    const seen: string[] = [];
    const sub = withPerms('sub', ['events.subscribe'], {
      name: 'sub',
      events: { 'x.y': (e: WebEvent) => void seen.push(e.topic) },
    });
    const host = await startHost({ plugins: [sub] });
    await host.disable('sub');
    await host.publish('x.y');
    await host.enable('sub');
    await host.publish('x.y');
    await host.settle();
    expect(seen).toEqual(['x.y']);
  });

  it('rejects a malformed topic with a coded error', async () => {
    const p = withPerms('p', ['events.publish'], {
      name: 'p',
      initialize: (ctx) => ctx.events.publish('bad topic!'),
    });
    const host = await startHost({ plugins: [p] });
    expect(host.plugins()[0]?.error).toMatchObject({
      code: 'PB_WEB_PLUGIN_INVALID',
      message: expect.stringMatching(/plugin "p" used topic "bad topic!", which must be dot-separated/),
    });
  });
});

describe('services', () => {
  it('gives a consumer the provider’s service; requires starts the provider first', async () => {
    const order: string[] = [];
    const consumer = defineWebPlugin({
      name: 'consumer',
      meta: { permissions: ['services.consume'], dependencies: { provider: '*' } },
      initialize(ctx) {
        order.push('consumer');
        const svc = ctx.services.get<{ twice(n: number): number }>('math');
        expect(svc.twice(21)).toBe(42);
      },
    });
    const provider = defineWebPlugin({
      name: 'provider',
      meta: { permissions: ['services.provide'] },
      initialize(ctx) {
        order.push('provider');
        ctx.services.provide('math', { twice: (n: number) => n * 2 });
      },
    });
    const host = await startHost({ plugins: [consumer, provider] });
    expect(order).toEqual(['provider', 'consumer']);
    expect(host.state('consumer')).toBe('enabled');
  });

  it('fails the consumer at initialize with PB_WEB_SERVICE_MISSING when nobody provides it', async () => {
    const consumer = withPerms('lonely', ['services.consume'], {
      name: 'lonely',
      initialize: (ctx) => void ctx.services.get('audit'),
    });
    const host = await startHost({ plugins: [consumer] });
    expect(host.plugins()[0]?.error).toMatchObject({
      code: 'PB_WEB_SERVICE_MISSING',
      message: expect.stringMatching(
        /^@plugboard\/web: plugin "lonely" needs service "audit", which no started plugin provides/,
      ),
    });
  });

  it('refuses a second provider of one name with PB_WEB_SERVICE_CONFLICT', async () => {
    const a = withPerms('a', ['services.provide'], {
      name: 'a',
      initialize: (ctx) => ctx.services.provide('x', {}),
    });
    const b = withPerms('b', ['services.provide'], {
      name: 'b',
      initialize: (ctx) => ctx.services.provide('x', {}),
    });
    const host = await startHost({ plugins: [a, b] });
    expect(host.plugins()[1]?.error).toMatchObject({
      code: 'PB_WEB_SERVICE_CONFLICT',
      message: expect.stringContaining(
        'plugin "b" cannot provide service "x": plugin "a" already provides it',
      ),
    });
  });
});

describe('storage on the embedded store', () => {
  const notes = (name: string) =>
    defineWebPlugin({
      name,
      meta: { permissions: ['storage'] },
      storage: {
        migrations: {
          '001-init': {
            async up(db) {
              await db.schema
                .createTable('notes')
                .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
                .addColumn('title', 'text')
                .execute();
              await db.schema.createIndex('notes_title').on('notes').column('title').execute();
            },
          },
        },
        async seed(db) {
          await db.insertInto('notes').values({ title: 'welcome' }).execute();
        },
      },
      routes(app, ctx) {
        app.get(
          '/count',
          async () =>
            (
              await ctx.storage.db
                .selectFrom('notes')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirst()
            )?.n,
        );
        app.post('/tx', async () => {
          await ctx.storage
            .transaction(async (trx) => {
              await trx.insertInto('notes').values({ title: 'rolled back' }).execute();
              throw new Error('abort');
            })
            .catch(() => {});
          return 'done';
        });
      },
    });

  it('migrates, seeds once, rolls back a failed transaction', async () => {
    const host = await startHost({ plugins: [notes('a')] });
    expect((await host.app.inject('/api/a/count')).body).toBe('1');
    await host.app.inject({ method: 'POST', url: '/api/a/tx' });
    expect((await host.app.inject('/api/a/count')).body).toBe('1');
  });

  it('keeps each plugin in its own namespace: another plugin cannot read it, even with raw SQL', async () => {
    let error: unknown;
    const spy = withPerms('spy', ['storage'], {
      name: 'spy',
      async initialize(ctx) {
        error = await sql`select * from notes`.execute(ctx.storage.db).catch((e) => e);
      },
    });
    await startHost({ plugins: [notes('a'), spy] });
    expect(String((error as Error).message)).toMatch(/no such table: notes/);
  });

  it('fails a plugin whose migration throws with PB_WEB_STORAGE_FAILED naming it', async () => {
    const broken = defineWebPlugin({
      name: 'broken',
      meta: { permissions: ['storage'] },
      storage: {
        migrations: { '001-bad': { up: async (db) => void (await sql`create tabel x`.execute(db)) } },
      },
    });
    const host = await startHost({ plugins: [broken] });
    expect(host.plugins()[0]?.error).toMatchObject({
      code: 'PB_WEB_STORAGE_FAILED',
      message: expect.stringMatching(
        /^@plugboard\/web: plugin "broken" migration "001-bad" failed: .*syntax error/,
      ),
    });
  });
});

describe('tasks and cache', () => {
  it('runs an interval task while enabled and stops it on disable', async () => {
    let runs = 0;
    const ticker = withPerms('ticker', ['tasks'], {
      name: 'ticker',
      tasks: { beat: { schedule: { everyMs: 20 }, run: () => void runs++ } },
    });
    const host = await startHost({ plugins: [ticker] });
    await expect.poll(() => runs, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    await host.disable('ticker');
    const frozen = runs;
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(frozen);
    expect(host.plugins()[0]?.stats.tasks.beat?.runs).toBe(frozen);
  });

  it('rejects a bad cron expression with PB_WEB_TASK_INVALID', async () => {
    const t = withPerms('t', ['tasks'], {
      name: 't',
      tasks: { x: { schedule: { cron: 'every tuesday' }, run() {} } },
    });
    const host = await startHost({ plugins: [t] });
    expect(host.plugins()[0]?.error).toMatchObject({
      code: 'PB_WEB_TASK_INVALID',
      message: expect.stringContaining('plugin "t" task "x": cron expression "every tuesday" is invalid'),
    });
  });

  it('expires by TTL, invalidates by prefix, and keeps plugins apart', async () => {
    const seen: unknown[] = [];
    const a = defineWebPlugin({
      name: 'a',
      async initialize(ctx) {
        await ctx.cache.set('user:1', { n: 1 });
        await ctx.cache.set('user:2', 2);
        await ctx.cache.set('short', 's', 30);
        await ctx.cache.invalidate('user:');
        seen.push(await ctx.cache.get('user:1'), await ctx.cache.get('short'));
        await new Promise((r) => setTimeout(r, 60));
        seen.push(await ctx.cache.get('short'));
        await ctx.cache.set('mine', 'a');
      },
    });
    const b = defineWebPlugin({
      name: 'b',
      initialize: async (ctx) => void seen.push(await ctx.cache.get('mine')),
    });
    await startHost({ plugins: [a, b] });
    expect(seen).toEqual([undefined, 's', undefined, undefined]);
  });
});
