// Checks every publishable package the way a consumer would receive it:
// publint (package.json vs files), arethetypeswrong (types resolve for ESM
// consumers) and the files every package ships (README, LICENSE, CHANGELOG, types),
// read from `npm pack --dry-run`. Run after the build; part of `npm test`.
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
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const files = packed.status === 0 ? JSON.parse(packed.stdout)[0].files.map((f) => f.path) : [];
  const wanted = ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'];
  const missing = wanted.filter((f) => !files.includes(f));
  if (!files.some((f) => f.endsWith('.d.ts'))) missing.push('type declarations (*.d.ts)');
  if (missing.length > 0) {
    failed++;
    console.error(
      `✗ ${pkg.name} would be published without ${missing.join(', ')}${packed.status ? `\n${packed.stderr}` : ''}`,
    );
  }
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
