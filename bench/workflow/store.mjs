// Store choice rows: install each embedded database candidate into a fresh folder with
// npm (from the registry cache, as on a machine that installed it once), then open it
// and write 2,000 stage records in one transaction, in a fresh process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const probe = fileURLToPath(new URL('./store-probe.mjs', import.meta.url));
export const CANDIDATES = [
  { kind: 'libsql', pkg: '@libsql/client@0.17' },
  { kind: 'pglite', pkg: '@electric-sql/pglite@0.3' },
  { kind: 'sql.js', pkg: 'sql.js@1' },
];

export function storeRows(work, samples = 3) {
  const rows = [];
  for (const c of CANDIDATES) {
    const dir = join(work, `store-${c.kind}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"probe","private":true}');
    const t = performance.now();
    const npm = spawnSync(
      'npm',
      ['install', c.pkg, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: dir, encoding: 'utf8' },
    );
    const installMs = performance.now() - t;
    if (npm.status !== 0) throw new Error(`npm install ${c.pkg} failed: ${npm.stderr}`);
    const sizeMb =
      Number(execFileSync('du', ['-sk', join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]) /
      1024;
    const runs = Array.from({ length: samples }, () =>
      JSON.parse(execFileSync(process.execPath, [probe, c.kind, dir], { encoding: 'utf8' })),
    );
    const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    rows.push({
      ...c,
      installMs,
      sizeMb,
      openMs: median('openMs'),
      insertMs: median('insertMs'),
      rows: runs[0].rows,
    });
  }
  return rows;
}
