// `npm run demo`: runs every example app's `demo` script in turn (apps/*/package.json,
// ordered by `demoOrder`), then prints a summary table. Exits 0 only when every demo did.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const apps = readdirSync('apps')
  .filter((d) => existsSync(`apps/${d}/package.json`))
  .map((d) => ({ dir: `apps/${d}`, pkg: JSON.parse(readFileSync(`apps/${d}/package.json`, 'utf8')) }))
  .filter((a) => a.pkg.scripts?.demo)
  .sort((a, b) => (a.pkg.demoOrder ?? 50) - (b.pkg.demoOrder ?? 50) || a.dir.localeCompare(b.dir));
const rows = [];
for (const app of apps) {
  console.log(`\n\x1b[1m━━ ${app.pkg.name} — ${app.pkg.description ?? ''}\x1b[0m\n`);
  const t0 = performance.now();
  const r = spawnSync('pnpm', ['run', '--silent', 'demo'], { cwd: app.dir, stdio: 'inherit' });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  rows.push({ app: app.pkg.name, ok: r.status === 0, seconds, exit: r.status ?? r.signal });
  if (r.status !== 0) console.error(`\n${app.pkg.name} demo failed (exit ${r.status ?? r.signal}).`);
}
const width = Math.max(...rows.map((r) => r.app.length), 3);
console.log(`\n\x1b[1mDemo summary\x1b[0m\n${'app'.padEnd(width)}  result  seconds`);
for (const r of rows) {
  console.log(
    `${r.app.padEnd(width)}  ${(r.ok ? 'ok' : `FAILED (exit ${r.exit})`).padEnd(6)}  ${r.seconds.padStart(7)}`,
  );
}
const failed = rows.filter((r) => !r.ok).length;
console.log(failed ? `\n${failed} of ${rows.length} demos failed.` : `\nAll ${rows.length} demos worked.`);
process.exit(failed ? 1 : 0);
