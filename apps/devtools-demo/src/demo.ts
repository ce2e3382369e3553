#!/usr/bin/env node
// Runs the `plugboard` developer CLI the way a plugin author would, against the
// example host apps of this repository, then scaffolds a plugin in a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const plugboardBin = join(dirname(require.resolve('plugboard/package.json')), 'bin', 'plugboard.cjs');
const apps = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'plugboard-devtools-demo-'));
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

let failed = 0;
function plugboard(args: string[], expectCode = 0): void {
  console.log(bold(`\n$ plugboard ${args.join(' ')}`));
  const r = spawnSync(process.execPath, [plugboardBin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_DATA_HOME: join(scratch, 'data'), XDG_CONFIG_HOME: join(scratch, 'config') },
  });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== expectCode) {
    failed++;
    console.error(`(expected exit ${expectCode}, got ${r.status})`);
  }
}

try {
  plugboard(['list', '--cwd', join(apps, 'provision')]);
  plugboard(['list', '--cwd', join(apps, 'config-demo'), '--json']);
  plugboard(['doctor', '--cwd', join(apps, 'provision')]);
  plugboard(['index', '--cwd', join(apps, 'config-demo')]);
  plugboard(['new', 'acme-vault', '--host', 'config', '--cwd', scratch]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
