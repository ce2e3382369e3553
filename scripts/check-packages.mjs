// Checks every publishable package the way a consumer would receive it:
// publint (package.json vs files) and arethetypeswrong (types resolve for ESM
// consumers). Run after the build; part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const dirs = ['packages', 'examples'].flatMap((root) =>
  existsSync(root) ? readdirSync(root).map((d) => `${root}/${d}`) : [],
);
let failed = 0;
for (const dir of dirs) {
  if (!existsSync(`${dir}/package.json`)) continue;
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  if (pkg.private) continue;
  const checks = [
    ['publint', ['--strict', '--level', 'warning']],
    ['attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped', '--quiet']],
  ];
  const before = failed;
  for (const [bin, args] of checks) {
    const r = spawnSync(`${process.cwd()}/node_modules/.bin/${bin}`, args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) {
      failed++;
      console.error(`✗ ${bin} ${pkg.name}\n${r.stdout}${r.stderr}`);
    }
  }
  console.log(`${failed > before ? '✗' : '✓'} ${pkg.name}`);
}
if (failed) {
  console.error(`\n${failed} package check(s) failed.`);
  process.exit(1);
}
