// The servers the web benchmark compares: the same handler and route sets on bare
// Fastify and as @plugboard/web plugins.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWebHost, defineWebPlugin } from '@plugboard/web';
import Fastify from 'fastify';

/** The measured handler: a small JSON answer, no I/O. */
export const handler = async () => ({ hello: 'world', n: 42 });
const schema = {
  response: { 200: { type: 'object', properties: { hello: { type: 'string' }, n: { type: 'integer' } } } },
};

/** One route set: what each plugin (or encapsulated context) brings. */
function routeSet(app) {
  app.get('/hello', { schema }, handler);
  app.get('/items', async () => []);
  app.post('/items', async (req) => req.body ?? {});
  app.get('/items/:id', async (req) => ({ id: req.params.id }));
}

/** Bare Fastify with `sets` encapsulated route sets under /api/p<i>. */
export async function bareFastify(sets) {
  const app = Fastify({ logger: false });
  for (let i = 0; i < sets; i++) app.register(async (child) => routeSet(child), { prefix: `/api/p${i}` });
  await app.ready();
  return { app, close: () => app.close() };
}

/** @plugboard/web with `count` plugins p0…p<count-1>, each the same route set. */
export async function webHost(count, extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-web-'));
  const plugins = Array.from({ length: count }, (_, i) =>
    defineWebPlugin({ name: `p${i}`, routes: (app) => routeSet(app) }),
  );
  const host = createWebHost({
    cwd: dir,
    dataDir: join(dir, 'data'),
    sources: { dependencies: false },
    cache: false,
    env: {},
    plugins,
    ...extra,
  });
  const report = await host.start();
  if (!report.ok)
    throw new Error(`bench: a plugin failed: ${JSON.stringify(report.plugins.find((p) => p.error))}`);
  return { app: host.app, close: () => host.close() };
}
