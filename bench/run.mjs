// Runs every benchmark (bench/<name>/index.mjs) one after another, or only
// those named on the command line: `pnpm bench discovery cli`.
// Each writes its table to bench/results/<name>.md. Build first (`pnpm build`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const names = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`${here}${d.name}/index.mjs`))
  .map((d) => d.name)
  .filter((n) => wanted.length === 0 || wanted.includes(n));
let failed = 0;
for (const name of names) {
  console.log(`\n== bench/${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', `${here}${name}/index.mjs`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
