import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTemplateTest } from '@plugboard/testing';
import { afterAll, describe, expect, it } from 'vitest';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'pb-testing-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A generated-looking package: `npm test` builds with tsc, then runs node --test. */
function writePackage(name: string, testBody: string, extra: Record<string, string> = {}): string {
  const dir = join(root, name);
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name,
      version: '0.1.0',
      type: 'module',
      scripts: { test: 'tsc -p tsconfig.json && node --test' },
    }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        target: 'es2022',
        outDir: 'dist',
        strict: true,
        types: ['node'],
      },
      include: ['src'],
    }),
    'src/index.ts': "import { join } from 'node:path';\nexport const where = (a: string) => join(a, 'x');\n",
    'test/index.test.js': `import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { where } from '../dist/index.js';\n${testBody}\n`,
    ...extra,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe('runTemplateTest', () => {
  it('links the toolchain and local packages, runs npm test and reports the counts', () => {
    const lib = join(root, 'local-lib');
    mkdirSync(lib);
    writeFileSync(
      join(lib, 'package.json'),
      JSON.stringify({ name: 'local-lib', type: 'module', main: 'index.js' }),
    );
    writeFileSync(join(lib, 'index.js'), 'export default 42;\n');
    const dir = writePackage(
      'ok',
      "import answer from 'local-lib';\ntest('builds', () => assert.equal(where('a'), 'a/x'));\ntest('links', () => assert.equal(answer, 42));",
    );
    const r = runTemplateTest(dir, { link: { 'local-lib': lib }, toolchainFrom: workspace });
    expect(r.status, r.output).toBe(0);
    expect(r).toMatchObject({ pass: 2, fail: 0 });
  }, 60_000);

  it('reports a failing test', () => {
    const dir = writePackage('failing', "test('fails', () => assert.equal(where('a'), 'nope'));");
    const r = runTemplateTest(dir, { toolchainFrom: workspace });
    // tsc built it: the failure is the test's.
    // Node 20 prints TAP when stdout is not a terminal, Node 22+ the spec reporter.
    expect(r.stdout).toMatch(/^(not ok 1 - fails|✖ fails)/m);
    expect(r.status).not.toBe(0);
    expect(r).toMatchObject({ pass: 0, fail: 1 });
  }, 60_000);

  it('refuses a linked package that is not built', () => {
    const lib = join(root, 'unbuilt');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'package.json'), JSON.stringify({ name: 'unbuilt', main: './dist/index.js' }));
    expect(() =>
      runTemplateTest(join(root, 'never-made'), { link: { unbuilt: lib }, toolchainFrom: workspace }),
    ).toThrow(/unbuilt is not built \(no \.\/dist\/index\.js\)/);
  });
});
