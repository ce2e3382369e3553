// `npm run demo`: start web-server on a free port, make real requests, print them, stop.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebServer } from './server.js';

const home = mkdtempSync(join(tmpdir(), 'web-server-demo-'));
const server = await startWebServer({ dataDir: join(home, 'data'), port: 0 });
const auth = { authorization: `Bearer ${server.adminToken}` };
let failed = 0;

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  expected = 200,
) {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const ok = res.status === expected;
  if (!ok) failed++;
  console.log(`\n$ ${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`);
  console.log(
    `→ ${res.status}${ok ? '' : ` (expected ${expected})`} ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`,
  );
  return text ? JSON.parse(text) : undefined;
}

try {
  console.log(`web-server listening on ${server.url}`);
  await call('GET', '/health');
  const note = await call(
    'POST',
    '/api/notes/',
    { title: 'Demo note', body: 'written by the demo' },
    {},
    201,
  );
  await call('POST', '/api/notes/', { body: 'no title' }, {}, 400);
  await call('PUT', `/api/notes/${note.id}`, { title: 'Demo note (edited)' });
  await call('GET', '/api/notes/');
  await call('DELETE', `/api/notes/${note.id}`, undefined, {}, 204);
  await server.host.settle();
  console.log('\n# the audit plugin heard the notes.* events:');
  await call('GET', '/api/audit/entries');
  console.log('\n# the report plugin calls the audit service:');
  await call('GET', '/api/report/summary');
  await call('GET', '/admin/api/plugins', undefined, {}, 401);
  const admin = await call('GET', '/admin/api/plugins', undefined, auth);
  console.log(
    admin.plugins.map((p: { name: string; state: string }) => `  ${p.name}: ${p.state}`).join('\n'),
  );
  await call('POST', '/admin/api/plugins/notes/disable', undefined, auth);
  await call('GET', '/api/notes/', undefined, {}, 503);
  await call('POST', '/admin/api/plugins/notes/enable', undefined, auth);
  await call('GET', '/api/notes/stats');
} finally {
  await server.close();
  console.log('\nweb-server stopped.');
}

// The command line (a @plugboard/cli host) on the same plugins.
const bin = fileURLToPath(new URL('../bin/web-server.js', import.meta.url));
const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data-cli') };
for (const args of [
  ['plugins', 'list'],
  ['routes', '--plugins', 'report'],
]) {
  console.log(`\n$ web-server ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args, '--non-interactive'], { env, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
rmSync(home, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
