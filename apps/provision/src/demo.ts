// `npm run demo`: a few provision commands, non-interactive, with config and data in a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/provision.cjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'provision-demo-'));
const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
const steps: string[][] = [
  ['--help'],
  ['hello', 'world', 'Ada'],
  ['config', 'edit', 'hello', '--set', 'greeting=Howdy'],
  ['hello', 'world', 'Ada', '--shout'],
  ['sysinfo', 'show', '--json'],
  ['sysinfo', 'disk', fileURLToPath(new URL('..', import.meta.url)), '--top', '3'],
  ['config', 'view'],
  ['plugins', 'list'],
  ['helo', 'world'],
];
let failed = 0;
try {
  for (const args of steps) {
    console.log(`\n$ provision ${args.join(' ')}`);
    const r = spawnSync(process.execPath, [bin, ...args, '--non-interactive'], { env, stdio: 'inherit' });
    const expected = args[0] === 'helo' ? 2 : 0;
    console.log(`(exit ${r.status}${r.status === expected ? '' : `, expected ${expected}`})`);
    if (r.status !== expected) failed++;
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
