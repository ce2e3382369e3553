import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTemplateTest } from '@plugboard/testing';
import { scaffoldPlugin } from 'plugboard';
import { afterAll, expect, test } from 'vitest';

// `plugboard new --host printer` writes a package that builds and passes its own test
// (which uses @plugboard/testing/printer). "Install" links the local packages, as
// `npm install` with file: dependencies would.
const here = dirname(fileURLToPath(import.meta.url));
const printerDir = join(here, '..');
const testingDir = join(here, '..', '..', 'testing');
const workspace = join(here, '..', '..', '..');
const root = realpathSync(mkdtempSync(join(tmpdir(), 'pb-printer-template-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('the printer template builds and passes its own test', () => {
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
  const run = runTemplateTest(result.dir, {
    link: { '@plugboard/printer': printerDir, '@plugboard/testing': testingDir },
    toolchainFrom: workspace,
  });
  expect(run.status, run.output).toBe(0);
  expect(run).toMatchObject({ pass: 3, fail: 0 });
}, 120_000);
