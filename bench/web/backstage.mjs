// Optional anchor of the web benchmark: the same 4 routes and handler as variants.mjs, as
// Backstage backend plugins (new backend system: createBackend + createBackendPlugin, each
// plugin an Express router given to coreServices.httpRouter, so served under /api/<pluginId>).
// Backstage is not a dependency of this repo: it is resolved from an install outside it,
// $BACKSTAGE_DIR (a folder with `npm install @backstage/backend-defaults
// @backstage/backend-plugin-api express`). Only loaded by index.mjs when that is set.
//
// Config is given in code (replacing the rootConfig service), not read from app-config.yaml:
// listen on 127.0.0.1, a free port; logger at `warn` so the default per-request `info` log
// line is filtered (the Fastify variants run with logger: false); and a static plugin key
// store, because the default (database) key store makes every plugin's auth service open the
// database, which without config is an in-memory better-sqlite3 (a native module, not
// installed). With the static store nothing opens the database; assertNoDatabase checks it.
//
// `node backstage.mjs <plugins>` serves until SIGTERM and prints its URL, like server.mjs.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.BACKSTAGE_DIR;
if (!dir) throw new Error('bench/web/backstage.mjs: set BACKSTAGE_DIR to a Backstage install');
const requireBs = createRequire(join(resolve(dir), 'package.json'));
const { createBackend } = requireBs('@backstage/backend-defaults');
const { rootHttpRouterServiceFactory } = requireBs('@backstage/backend-defaults/rootHttpRouter');
const { createBackendPlugin, createServiceFactory, coreServices } = requireBs(
  '@backstage/backend-plugin-api',
);
const { ConfigReader } = requireBs('@backstage/config');
const express = requireBs('express');

/** Versions of what was measured, for the results file. */
export const versions = Object.fromEntries(
  [
    '@backstage/backend-defaults',
    '@backstage/backend-plugin-api',
    '@backstage/backend-app-api',
    'express',
  ].map((p) => [p, requireBs(`${p}/package.json`).version]),
);

// One ES256 key pair per process for the static plugin key store (files, as Backstage wants).
let keyFiles;
function staticKeys() {
  if (!keyFiles) {
    const keyDir = mkdtempSync(join(tmpdir(), 'pb-bench-backstage-'));
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    keyFiles = { publicKeyFile: join(keyDir, 'public.pem'), privateKeyFile: join(keyDir, 'private.pem') };
    writeFileSync(keyFiles.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(keyFiles.privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  return keyFiles;
}

const config = () =>
  new ConfigReader({
    backend: {
      baseUrl: 'http://127.0.0.1',
      listen: { host: '127.0.0.1', port: 0 },
      logger: { level: 'warn' },
      auth: { pluginKeyStore: { type: 'static', static: { keys: [{ ...staticKeys(), keyId: 'bench' }] } } },
    },
  });

/** One route set, as in variants.mjs: the measured handler plus three more routes. */
function routeSet() {
  const router = express.Router();
  router.use(express.json());
  router.get('/hello', (_req, res) => res.json({ hello: 'world', n: 42 }));
  router.get('/items', (_req, res) => res.json([]));
  router.post('/items', (req, res) => res.json(req.body ?? {}));
  router.get('/items/:id', (req, res) => res.json({ id: req.params.id }));
  return router;
}

const plugin = (i) =>
  createBackendPlugin({
    pluginId: `p${i}`,
    register(env) {
      env.registerInit({
        deps: { http: coreServices.httpRouter },
        async init({ http }) {
          http.use(routeSet());
          http.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        },
      });
    },
  });

/** A Backstage backend with `count` plugins p0…p<count-1>, started; `url` is where it listens. */
export async function backstageBackend(count) {
  let server;
  const backend = createBackend();
  backend.add(createServiceFactory({ service: coreServices.rootConfig, deps: {}, factory: config }));
  // The default root router, only capturing its server to learn the port (listen.port is 0).
  backend.add(
    rootHttpRouterServiceFactory({
      configure(ctx) {
        server = ctx.server;
        ctx.applyDefaults();
      },
    }),
  );
  for (let i = 0; i < count; i++) backend.add(plugin(i));
  await backend.start();
  return { url: `http://127.0.0.1:${server.port()}`, close: () => backend.stop() };
}

/** Throws if anything loaded a knex database driver (i.e. some service opened the database). */
export function assertNoDatabase() {
  const opened = Object.keys(requireBs.cache).filter((k) =>
    /[\\/]knex[\\/]lib[\\/]dialects[\\/][^\\/]+[\\/]/.test(k),
  );
  if (opened.length) throw new Error(`bench/web: Backstage opened a database (${opened[0]})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--boot') {
  // `node backstage.mjs --boot <plugins> <runs>`: boot and stop that many times in this process
  // (as index.mjs's bootTime does for Fastify), print {"times":[ms…],"versions":{…}}.
  const [count, runs] = process.argv.slice(3).map(Number);
  const times = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const s = await backstageBackend(count);
      times.push(performance.now() - t);
      await s.close();
    }
    assertNoDatabase();
  } catch (e) {
    console.error(e);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify({ times, versions })}\n`);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Backstage installs its own uncaughtException handler (log, keep running): exit on failure.
  const s = await backstageBackend(Number(process.argv[2] ?? 1)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
  try {
    assertNoDatabase();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
  process.stdout.write(`${s.url}\n`);
  process.on('SIGTERM', async () => {
    await s.close();
    process.exit(0);
  });
}
