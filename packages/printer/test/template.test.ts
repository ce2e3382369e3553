import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaffoldPlugin } from 'plugboard';
import { afterAll, expect, test } from 'vitest';

// `plugboard new --host printer` writes a package that builds and passes its own test
// (which uses @plugboard/testing/printer). "Install" links the local packages, as
// `npm install` with file: dependencies would.
const here = dirname(fileURLToPath(import.meta.url));
const printerDir = join(here, '..');
const testingDir = join(here, '..', '..', 'testing');
const req = createRequire(join(here, '..', '..', '..', 'package.json'));
const root = realpathSync(mkdtempSync(join(tmpdir(), 'pb-printer-template-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const link = (target: string, at: string) => {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(realpathSync(target), at, 'dir');
};

test('the printer template builds and passes its own test', () => {
  for (const dir of [printerDir, testingDir]) {
    if (!existsSync(join(dir, 'dist', 'index.js')))
      throw new Error(`${dir} is not built; run \`pnpm build\` first.`);
  }
  const result = scaffoldPlugin({
    name: '@acme/plugboard-printer-bed-sensor',
    host: 'printer',
    // A project that depends on the adapter, as a plugin author's would.
    cwd: join(printerDir, '..', '..', 'apps', 'printer'),
    dir: join(root, 'plugin'),
  });
  expect(result).toMatchObject({
    plugin: 'bed-sensor',
    group: 'printer',
    host: { name: '@plugboard/printer' },
  });
  const modules = join(result.dir, 'node_modules');
  link(printerDir, join(modules, '@plugboard', 'printer'));
  link(testingDir, join(modules, '@plugboard', 'testing'));
  link(dirname(req.resolve('typescript/package.json')), join(modules, 'typescript'));
  link(dirname(req.resolve('@types/node/package.json')), join(modules, '@types', 'node'));
  mkdirSync(join(modules, '.bin'));
  symlinkSync(
    join(dirname(req.resolve('typescript/package.json')), 'bin', 'tsc'),
    join(modules, '.bin', 'tsc'),
  );
  const run = spawnSync('npm', ['run', '--silent', 'test'], {
    cwd: result.dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^[#ℹ] pass 3$/m);
  expect(run.stdout).toMatch(/^[#ℹ] fail 0$/m);
}, 120_000);
