import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { waitUntil } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type CreateWebHostOptions, defineWebPlugin, type ReloadEvent } from '../src/index.js';
import { startHost, tempDir } from './helpers.js';

function write(root: string, files: Record<string, string | object>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

const manifest = (name: string, web: object = {}, requires?: object) => ({
  name: `plugboard-web-${name}`,
  version: '1.0.0',
  type: 'module',
  peerDependencies: { '@plugboard/web': '^0.1.0' },
  plugboard: { entryPoints: { web: { [name]: './dist/index.js' } }, web, ...(requires ? { requires } : {}) },
});

/** A linked plugin folder whose route answers what dist/text.js exports. */
function linked(name: string, text: string): string {
  const dir = join(realpathSync(tempDir()), name);
  write(dir, {
    'package.json': manifest(name),
    'dist/index.js': `import { text } from './text.js';
export default { name: '${name}', routes(app) { app.get('/', async () => ({ text })); } };`,
    'dist/text.js': `export const text = '${text}';`,
  });
  return dir;
}

const other = defineWebPlugin({
  name: 'other',
  routes: (app) => void app.get('/ping', async () => ({ pong: true })),
});

/** Reload events as they come; `next(pred)` waits for the first one (from now on) that matches. */
function reloads() {
  const seen: ReloadEvent[] = [];
  const waiting: { pred: (e: ReloadEvent) => boolean; resolve: (e: ReloadEvent) => void }[] = [];
  return {
    onReload(event: ReloadEvent) {
      seen.push(event);
      for (const w of [...waiting])
        if (w.pred(event)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(event);
        }
    },
    next: (pred: (e: ReloadEvent) => boolean = () => true) =>
      new Promise<ReloadEvent>((resolve) => waiting.push({ pred, resolve })),
    seen,
  };
}

async function hotHost(paths: string[], extra: CreateWebHostOptions = {}) {
  const events = reloads();
  const host = await startHost({
    sources: { paths, dependencies: false },
    hotReload: { debounceMs: 50, onReload: events.onReload },
    plugins: [other],
    ...extra,
  });
  return { host, events };
}

describe('hot reload of linked plugins', () => {
  it('a save reloads the plugin alone: its route answers the new text, another plugin answered throughout', async () => {
    const dir = linked('hello', 'v1');
    const { host, events } = await hotHost([dir]);
    expect(host.watched()).toEqual([dir]);
    expect((await host.app.inject('/api/hello/')).json()).toEqual({ text: 'v1' });

    let stop = false;
    const statuses: number[] = [];
    const traffic = (async () => {
      while (!stop) {
        statuses.push((await host.app.inject('/api/other/ping')).statusCode);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const reloaded = events.next((e) => e.ok);
    write(dir, { 'dist/text.js': `export const text = 'v2';` });
    const event = await reloaded;
    stop = true;
    await traffic;

    expect((await host.app.inject('/api/hello/')).json()).toEqual({ text: 'v2' });
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(event).toMatchObject({ plugin: 'hello', ok: true, files: ['dist/text.js'] });
    expect(event.message).toMatch(/^web: reloaded hello in \d+ ms$/);
    expect(host.state('other')).toBe('enabled');
    // The route table has the new instance's routes once, not the old ones too.
    expect(
      host
        .routes()
        .filter((r) => r.plugin === 'hello')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(['GET /api/hello', 'GET /api/hello/health']);
    expect((await host.app.inject('/api/nothing-here')).statusCode).toBe(404);
  });

  it('a syntax error, a throwing initialize and invalid metadata each fail it with a coded error; the next good save recovers', async () => {
    const dir = linked('hello', 'v1');
    const { host, events } = await hotHost([dir]);

    let failed = events.next((e) => !e.ok);
    write(dir, { 'dist/text.js': `export const text = 'v2' +;` });
    let event = await failed;
    expect(event.error).toMatchObject({
      plugin: 'hello',
      code: 'PB_LOAD_FAILED',
      path: join(dir, 'dist/text.js'),
    });
    expect(event.error!.message).toMatch(/plugin "hello" \(web\) from plugboard-web-hello@1\.0\.0/);
    expect(event.error!.message).toMatch(/at dist\/text\.js:1/);
    expect(event.message).toMatch(
      /^web: reload of hello failed in \d+ ms after a change to dist\/text\.js: PB_LOAD_FAILED: /,
    );
    expect(host.state('hello')).toBe('failed');
    const gated = await host.app.inject('/api/hello/');
    expect(gated.statusCode).toBe(503);
    expect(gated.json()).toMatchObject({ code: 'PB_WEB_PLUGIN_DISABLED', plugin: 'hello', state: 'failed' });
    expect(gated.json().message).toBe(
      '@plugboard/web: plugin "hello" is failed; its error is in the admin dashboard (GET /admin/api/plugins) and the server log. Fix it, then restart the server (with hot reload, saving the fix is enough).',
    );
    expect((await host.app.inject('/api/other/ping')).statusCode).toBe(200);
    expect((await host.app.inject('/health')).json()).toMatchObject({ status: 'degraded' });
    expect(host.plugins().find((p) => p.name === 'hello')?.error?.code).toBe('PB_LOAD_FAILED');

    let recovered = events.next((e) => e.ok);
    write(dir, { 'dist/text.js': `export const text = 'v3';` });
    await recovered;
    expect((await host.app.inject('/api/hello/')).json()).toEqual({ text: 'v3' });

    failed = events.next((e) => !e.ok);
    write(dir, {
      'dist/index.js': `export default { name: 'hello', initialize() { throw new Error('no database'); } };`,
    });
    event = await failed;
    expect(event.error).toMatchObject({ plugin: 'hello', code: 'PB_HOOK_FAILED' });
    expect(event.error!.message).toMatch(/Plugin "hello" failed in its start hook: no database/);

    failed = events.next((e) => e.error?.code === 'PB_META_INVALID');
    write(dir, { 'package.json': manifest('hello', { category: 7 }) });
    event = await failed;
    expect(event.error!.message).toMatch(/plugboard\.web\.category/);
    expect(host.plugins().find((p) => p.name === 'hello')).toMatchObject({ state: 'excluded' });

    recovered = events.next((e) => e.ok);
    write(dir, {
      'package.json': manifest('hello', { displayName: 'Hello again' }),
      'dist/index.js': `import { text } from './text.js';
export default { name: 'hello', routes(app) { app.get('/', async () => ({ text, again: true })); } };`,
    });
    await recovered;
    expect((await host.app.inject('/api/hello/')).json()).toEqual({ text: 'v3', again: true });
    expect(host.plugins().find((p) => p.name === 'hello')).toMatchObject({
      state: 'enabled',
      displayName: 'Hello again',
    });
    expect((await host.app.inject('/health')).json()).toMatchObject({ status: 'ok' });
  });

  it('restarts the plugins that require a reloaded one, so they see its new service', async () => {
    const dir = join(realpathSync(tempDir()), 'greeter');
    const greeter = (word: string) =>
      `export default { name: 'greeter', initialize(ctx) { ctx.services.provide('greeting', { say: () => '${word}' }); } };`;
    write(dir, {
      'package.json': manifest('greeter', { permissions: ['services.provide'] }),
      'dist/index.js': greeter('hi'),
    });
    const fan = defineWebPlugin({
      name: 'fan',
      meta: { permissions: ['services.consume'], dependencies: { greeter: '^1.0.0' } },
      routes: (app, ctx) =>
        void app.get('/', async () => ({ heard: ctx.services.get<{ say(): string }>('greeting').say() })),
    });
    const { host, events } = await hotHost([dir], { plugins: [other, fan] });
    expect((await host.app.inject('/api/fan/')).json()).toEqual({ heard: 'hi' });

    const reloaded = events.next((e) => e.ok);
    write(dir, { 'dist/index.js': greeter('hello there') });
    const event = await reloaded;
    expect(event.plugins).toEqual([
      { name: 'greeter', state: 'enabled' },
      { name: 'fan', state: 'enabled' },
    ]);
    expect(event.message).toMatch(/^web: reloaded greeter in \d+ ms; restarted fan$/);
    expect((await host.app.inject('/api/fan/')).json()).toEqual({ heard: 'hello there' });
    // Only linked plugins and their dependents reload.
    await expect(host.reload('other')).rejects.toMatchObject({
      code: 'PB_WEB_RELOAD_UNAVAILABLE',
      plugin: 'other',
    });
    expect((await host.reload('fan')).ok).toBe(true);
  });

  it('the old instance is gone after a reload: its tasks and subscriptions stop; its storage carries over', async () => {
    const dir = join(realpathSync(tempDir()), 'worker');
    const seen = globalThis as { __pbTicks?: string[]; __pbHeard?: string[] };
    seen.__pbTicks = [];
    seen.__pbHeard = [];
    write(dir, {
      'package.json': manifest('worker', { permissions: ['storage', 'events.subscribe', 'tasks'] }),
      'dist/gen.js': `export const gen = 'a';`,
      'dist/index.js': `import { gen } from './gen.js';
export default {
  name: 'worker',
  storage: { migrations: { '001': { up: (db) => db.schema.createTable('hits').addColumn('gen', 'text').execute() } } },
  events: { 'ping.*': () => void globalThis.__pbHeard.push(gen) },
  tasks: { tick: { schedule: { everyMs: 20 }, run: () => void globalThis.__pbTicks.push(gen) } },
  routes(app, ctx) {
    app.post('/hit', async () => { await ctx.storage.db.insertInto('hits').values({ gen }).execute(); return { ok: true }; });
    app.get('/hits', async () => (await ctx.storage.db.selectFrom('hits').select('gen').execute()).map((r) => r.gen));
  },
};`,
    });
    const { host, events } = await hotHost([dir]);
    await host.app.inject({ method: 'POST', url: '/api/worker/hit' });
    await waitUntil(() => seen.__pbTicks!.includes('a'), { message: 'the first task tick' });

    const reloaded = events.next((e) => e.ok);
    write(dir, { 'dist/gen.js': `export const gen = 'b';` });
    await reloaded;
    const oldTicks = seen.__pbTicks!.filter((g) => g === 'a').length;
    await waitUntil(() => seen.__pbTicks!.filter((g) => g === 'b').length >= 3, {
      message: 'new task ticks',
    });
    expect(seen.__pbTicks!.filter((g) => g === 'a').length).toBe(oldTicks);

    await host.publish('ping.now');
    await host.settle();
    expect(seen.__pbHeard).toEqual(['b']);
    await host.app.inject({ method: 'POST', url: '/api/worker/hit' });
    expect((await host.app.inject('/api/worker/hits')).json()).toEqual(['a', 'b']);
  });

  it('serves WebSocket routes of a linked plugin through reloads', async () => {
    const dir = join(realpathSync(tempDir()), 'feed');
    const feed = (word: string) =>
      `export default { name: 'feed', routes(app) { app.get('/live', { websocket: true }, (socket) => socket.send('${word}')); } };`;
    write(dir, {
      'package.json': manifest('feed', { permissions: ['websocket'] }),
      'dist/index.js': feed('one'),
    });
    const { host, events } = await hotHost([dir]);
    const url = (await host.listen()).replace('http', 'ws');
    const first = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(`${url}${path}`);
        ws.on('message', (data) => {
          resolve(String(data));
          ws.close();
        });
        ws.on('error', reject);
      });
    expect(await first('/api/feed/live')).toBe('one');
    const reloaded = events.next((e) => e.ok);
    write(dir, { 'dist/index.js': feed('two') });
    await reloaded;
    expect(await first('/api/feed/live')).toBe('two');
  });

  it('is off by default: no watcher, plugins mounted as usual, reload refused with a code', async () => {
    const dir = linked('hello', 'v1');
    const host = await startHost({ sources: { paths: [dir], dependencies: false }, plugins: [other] });
    expect(host.watched()).toEqual([]);
    expect((await host.app.inject('/api/hello/')).json()).toEqual({ text: 'v1' });
    const docs = (await host.app.inject('/docs/json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toContain('/api/hello/');
    await expect(host.reload('hello')).rejects.toMatchObject({
      code: 'PB_WEB_RELOAD_UNAVAILABLE',
      message: expect.stringMatching(/without `hotReload`/),
    });
  });

  it('closing the host closes the watcher: a process using the built package exits by itself', () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    expect(existsSync(dist), 'build @plugboard/web first (npm test does)').toBe(true);
    const dir = linked('hello', 'v1');
    const work = realpathSync(tempDir());
    write(work, {
      'run.mjs': `import { writeFileSync } from 'node:fs';
import { createWebHost } from ${JSON.stringify(pathToFileURL(dist).href)};
const host = createWebHost({
  cwd: ${JSON.stringify(work)}, dataDir: ${JSON.stringify(join(work, 'data'))}, cache: false, env: {},
  sources: { paths: [${JSON.stringify(dir)}], dependencies: false },
  hotReload: { debounceMs: 20, onReload: (e) => console.log(e.message.replace(/\\d+ ms/, 'N ms')) },
});
await host.start();
console.log('watching', host.watched().length);
const seen = new Promise((resolve) => { const t = setInterval(async () => {
  const r = await host.app.inject('/api/hello/');
  if (r.json().text === 'v2') { clearInterval(t); resolve(); }
}, 20); });
writeFileSync(${JSON.stringify(join(dir, 'dist/text.js'))}, "export const text = 'v2';");
await seen;
await host.close();
console.log('closed', host.watched().length);`,
    });
    const run = spawnSync(process.execPath, [join(work, 'run.mjs')], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0); // it exited on its own: nothing (watcher, timers, loader hook) kept it alive
    expect(run.stdout.trim().split('\n')).toEqual(['watching 1', 'web: reloaded hello in N ms', 'closed 0']);
  });
});
