// Web host benchmark: requests/s and p99 of one plugin route through @plugboard/web
// against the same handler on bare Fastify (target ≥ 0.9× throughput), with 1 and 50
// plugins loaded; and boot time of 50 plugins against bare Fastify registering the same
// 50 route sets. Server in a child process, autocannon here; rounds interleaved so
// drift on the shared machine hits every variant alike. Writes bench/results/web.md.
// Optional anchor: Backstage's backend plugins (backstage.mjs), when $BACKSTAGE_DIR is a
// folder where @backstage/backend-defaults is installed; skipped (and said so) otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { measureStorage } from './storage.mjs';
import { bareFastify, webHost } from './variants.mjs';

const ROUNDS = 3;
const SECONDS = 4;
const CONNECTIONS = 50;
const BOOT_RUNS = 11;
const TARGET = 0.9;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const serverFile = fileURLToPath(new URL('./server.mjs', import.meta.url));
const backstageFile = fileURLToPath(new URL('./backstage.mjs', import.meta.url));
const backstageDir = process.env.BACKSTAGE_DIR;
const anchor = Boolean(
  backstageDir && existsSync(join(backstageDir, 'node_modules', '@backstage', 'backend-defaults')),
);
// Children get no NODE_EXTRA_CA_CERTS (nothing here talks TLS); Backstage runs from its own
// install folder, as a Backstage app would (its root logger scans the cwd's packages at boot).
const { NODE_EXTRA_CA_CERTS: _ca, ...childEnv } = process.env;
const childOptions = (kind) => ({ env: childEnv, cwd: kind === 'backstage' ? backstageDir : undefined });

async function withServer(kind, sets, fn) {
  const args = kind === 'backstage' ? [backstageFile, String(sets)] : [serverFile, kind, String(sets)];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    ...childOptions(kind),
  });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`bench/web: ${kind} server exited with ${code}`)));
  });
  try {
    return await fn(url);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function load(url, path) {
  await autocannon({ url: url + path, connections: CONNECTIONS, duration: 1 }); // warm-up (JIT, connections)
  const r = await autocannon({ url: url + path, connections: CONNECTIONS, duration: SECONDS });
  if (r.non2xx || r.errors)
    throw new Error(`bench/web: ${path} answered ${r.non2xx} non-2xx and ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

const throughput = [
  { key: 'bare1', label: 'floor: bare Fastify, 1 route set', kind: 'bare', sets: 1, path: '/api/p0/hello' },
  {
    key: 'web1',
    label: '@plugboard/web, 1 plugin',
    kind: 'web',
    sets: 1,
    path: '/api/p0/hello',
    floor: 'bare1',
  },
  {
    key: 'bare50',
    label: 'bare Fastify, 50 route sets (same route hit)',
    kind: 'bare',
    sets: 50,
    path: '/api/p25/hello',
  },
  {
    key: 'web50',
    label: '@plugboard/web, 50 plugins (same route hit)',
    kind: 'web',
    sets: 50,
    path: '/api/p25/hello',
    floor: 'bare50',
  },
];
if (anchor)
  throughput.push(
    {
      key: 'bs1',
      label: 'anchor: Backstage backend, 1 plugin (Express)',
      kind: 'backstage',
      sets: 1,
      path: '/api/p0/hello',
      floor: 'bare1',
      ours: 'web1',
    },
    {
      key: 'bs50',
      label: 'anchor: Backstage backend, 50 plugins (same route hit)',
      kind: 'backstage',
      sets: 50,
      path: '/api/p25/hello',
      floor: 'bare50',
      ours: 'web50',
    },
  );
const samples = Object.fromEntries(throughput.map((v) => [v.key, []]));
const load0 = loadavg();
for (let round = 0; round < ROUNDS; round++) {
  for (const v of throughput)
    samples[v.key].push(await withServer(v.kind, v.sets, (url) => load(url, v.path)));
  console.log(`bench/web: throughput round ${round + 1}/${ROUNDS} done`);
}

async function bootTime(make) {
  const times = [];
  for (let i = 0; i < BOOT_RUNS; i++) {
    const t = performance.now();
    const s = await make();
    times.push(performance.now() - t);
    await s.close();
  }
  return median(times.slice(1)); // the first run pays module compilation
}
const boot = {
  bare: await bootTime(() => bareFastify(50)),
  web: await bootTime(() => webHost(50)),
  webNoDocs: await bootTime(() => webHost(50, { docs: false })),
};
if (anchor) {
  // Same loop (BOOT_RUNS boots of 50 plugins, first dropped) but in a child process, so
  // Backstage's process-wide handlers (uncaughtException, SIGTERM, beforeExit) stay out of this one.
  const r = spawnSync(process.execPath, [backstageFile, '--boot', '50', String(BOOT_RUNS)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...childOptions('backstage'),
  });
  if (r.status !== 0) throw new Error(`bench/web: Backstage boot run exited with ${r.status}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  boot.backstage = median(out.times.slice(1));
  boot.backstageVersions = out.versions;
}
const storage = await measureStorage(BOOT_RUNS);
const load1 = loadavg();

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows = throughput.map((v) => {
  const rps = median(samples[v.key].map((s) => s.rps));
  const p99 = median(samples[v.key].map((s) => s.p99));
  const floor = v.floor ? median(samples[v.floor].map((s) => s.rps)) : rps;
  const ratio = rps / floor;
  const ours = v.ours && median(samples[v.ours].map((s) => s.rps));
  const met = ours
    ? ` (@plugboard/web ${(ours / rps).toFixed(2)}× it)`
    : v.floor
      ? ` (${ratio >= TARGET ? '≥' : '<'} ${TARGET}× ${ratio >= TARGET ? 'met' : 'missed'})`
      : '';
  return `| ${v.label} | ${fmt(rps)} | ${fmt(p99, 1)} | ${ratio.toFixed(2)}×${met} |`;
});
const bootRows = [
  `| floor: bare Fastify registering 50 route sets + ready() | ${fmt(boot.bare, 1)} | 1.00× | 50 encapsulated contexts, 200 routes |`,
  `| @plugboard/web start(), 50 plugins | ${fmt(boot.web, 1)} | ${(boot.web / boot.bare).toFixed(2)}× | config load + validation per plugin, lifecycle, OpenAPI, admin-less |`,
  `| same, docs: false (no OpenAPI/Swagger UI) | ${fmt(boot.webNoDocs, 1)} | ${(boot.webNoDocs / boot.bare).toFixed(2)}× | what @fastify/swagger costs at boot |`,
];
if (anchor)
  bootRows.push(
    `| anchor: Backstage createBackend() + start(), 50 plugins | ${fmt(boot.backstage, 1)} | ${(boot.backstage / boot.bare).toFixed(2)}× | default services, one httpRouter (auth, credentials barrier) per plugin; own process; @plugboard/web ${(boot.web / boot.backstage).toFixed(2)}× it |`,
  );
const anchorNote = anchor
  ? `The Backstage anchor (bench/web/backstage.mjs, from the install in $BACKSTAGE_DIR: ${Object.entries(
      boot.backstageVersions,
    )
      .map(([p, v]) => `${p} ${v}`)
      .join(', ')}) serves the same 4 routes
as backend plugins of the new backend system: createBackend(), one createBackendPlugin per route
set, an Express router given to coreServices.httpRouter (so under /api/p<i>), auth policy
\`allow: 'unauthenticated'\`. Config is passed in code: 127.0.0.1 on a free port, logger at warn
(its default per-request info line is filtered, as the Fastify variants run with logger: false),
and a static plugin key store so no plugin's auth service opens the database (the default key store
would open an in-memory better-sqlite3; the server checks that no knex driver was loaded). Its
default middleware stays on: helmet, cors, compression, request-logging hook, the per-plugin
credentials barrier and cookie-refresh middleware. Its boot loop runs in its own process.`
  : `Backstage anchor not run (${backstageDir ? 'BACKSTAGE_DIR has no node_modules/@backstage/backend-defaults' : 'BACKSTAGE_DIR not set'}): set BACKSTAGE_DIR to a folder outside the repo with \`npm install @backstage/backend-defaults @backstage/backend-plugin-api express\`.`;
const storageRows = [
  `| open a plugin's namespace (new libsql file) | ${fmt(median(storage.open), 1)} | WAL mode set on open |`,
  `| open it again (existing file) | ${fmt(median(storage.reopen), 1)} | |`,
  `| ${fmt(storage.rows)} inserts in one transaction (kysely → libsql) | ${fmt(median(storage.write), 1)} | ${fmt(storage.rows / (median(storage.write) / 1000))} rows/s |`,
];
const md = `# Web host: plugin routes against bare Fastify

The same handler (a small JSON answer with a response schema) on bare Fastify and as a
@plugboard/web plugin route; each plugin (or encapsulated context) brings 4 routes.
Server in its own process, autocannon (${CONNECTIONS} connections, ${SECONDS} s after a 1 s warm-up) in
this one, on loopback; median of ${ROUNDS} interleaved rounds. Boot: median of ${BOOT_RUNS - 1} runs after one warm-up,
in this process. Node ${process.version}, ${cpus().length} cores, load average ${load0.map((l) => l.toFixed(2)).join(' ')} before,
${load1.map((l) => l.toFixed(2)).join(' ')} after (the machine is shared: compare ratios, not absolutes).

| what | req/s | p99 ms | × floor |
|---|---:|---:|---:|
${rows.join('\n')}

| boot | ms | × floor | notes |
|---|---:|---:|---|
${bootRows.join('\n')}

Embedded storage (libsql through the host's kysely dialect), median of ${BOOT_RUNS} runs — the workload
MACHINE-NOTES used to compare it with PGlite (~2 s to open a new data dir, ~860 ms for the same inserts):

| storage | ms | notes |
|---|---:|---|
${storageRows.join('\n')}

With the machine this loaded, run-to-run noise is larger than the host's own cost: a ratio above
1.00× says the host's overhead was lost in that noise, not that it is faster than Fastify.
Per request the host adds a request id (randomUUID), the plugin's enabled-check hook and its own
error handler; routes, schemas and serialisation are Fastify's own.

${anchorNote}
`;
writeFileSync(fileURLToPath(new URL('../results/web.md', import.meta.url)), md);
console.log(md);
