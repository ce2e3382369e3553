// `npm run demo`: runs every example app's `demo` script in turn.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const apps = readdirSync('apps')
  .filter((d) => existsSync(`apps/${d}/package.json`))
  .map((d) => ({ dir: `apps/${d}`, pkg: JSON.parse(readFileSync(`apps/${d}/package.json`, 'utf8')) }))
  .filter((a) => a.pkg.scripts?.demo)
  .sort((a, b) => (a.pkg.demoOrder ?? 50) - (b.pkg.demoOrder ?? 50) || a.dir.localeCompare(b.dir));
let failed = 0;
for (const app of apps) {
  console.log(`\n\x1b[1m━━ ${app.pkg.name} — ${app.pkg.description ?? ''}\x1b[0m\n`);
  const r = spawnSync('pnpm', ['run', '--silent', 'demo'], { cwd: app.dir, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`\n${app.pkg.name} demo failed (exit ${r.status}).`);
  }
}
process.exit(failed ? 1 : 0);
