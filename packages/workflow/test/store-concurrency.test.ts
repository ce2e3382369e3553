import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built package, as `flow worker` processes load it.
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'pb-store-concurrency-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * One process: load the package, wait for a shared start time (so the opens overlap),
 * open the store, write one run and read the count back.
 */
const script = `
const { RunStore } = await import(process.env.DIST_URL);
while (Date.now() < Number(process.env.START_AT)) {}
const store = await RunStore.open({ location: process.env.LOCATION });
const id = 'run-' + process.pid;
await store.createRun({ id, workflow: 'w', file: 'w.yaml', definition: { name: 'w', stages: [] }, executor: { target: 'local' } });
const runs = await store.listRuns(100);
await store.close();
console.log(JSON.stringify({ id, sawSelf: runs.some((r) => r.id === id) }));
`;

function run(location: string, startAt: number): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        DIST_URL: new URL(`file://${dist}`).href,
        LOCATION: location,
        START_AT: String(startAt),
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the libsql run store opened by several processes at once', () => {
  it('opens (WAL switch and migration) in every process when they start together on a new file', async () => {
    for (let round = 0; round < 3; round++) {
      const location = join(root, `round-${round}`, 'runs.db');
      const startAt = Date.now() + 1500;
      const results = await Promise.all(Array.from({ length: 5 }, () => run(location, startAt)));
      for (const r of results) {
        expect(r.err, r.out).toBe('');
        expect(r.code).toBe(0);
        expect(JSON.parse(r.out)).toMatchObject({ sawSelf: true });
      }
    }
  }, 60_000);
});
