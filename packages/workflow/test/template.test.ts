import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTemplateTest } from '@plugboard/testing';
import { resolveAdapter, scaffoldPlugin } from 'plugboard';
import { afterAll, describe, expect, it } from 'vitest';

// `plugboard new --host workflow` yields a package that builds and passes its own test.
// "Install" links this adapter and the workspace's typescript and @types/node, as
// `npm install` with file: dependencies would.
const here = dirname(fileURLToPath(import.meta.url));
const workspace = join(here, '..', '..', '..');
const root = mkdtempSync(join(tmpdir(), 'workflow-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function link(target: string, at: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(realpathSync(target), at, 'dir');
}

describe('the workflow template', () => {
  it('generates a stage plugin that builds and passes its own test', () => {
    // A host project with this adapter installed, as `plugboard new` expects.
    const project = join(root, 'project');
    link(join(here, '..'), join(project, 'node_modules', '@plugboard', 'workflow'));
    const adapter = resolveAdapter('workflow', [project]);
    expect(adapter?.name).toBe('@plugboard/workflow');
    const result = scaffoldPlugin({
      name: '@acme/plugboard-wordcount',
      host: 'workflow',
      cwd: project,
      dir: join(root, 'plugin'),
    });
    expect(result).toMatchObject({
      plugin: 'wordcount',
      group: 'workflow',
      host: { name: '@plugboard/workflow' },
    });
    expect(result.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'src/index.ts',
        'test/stage.test.js',
        'workflows/example.yaml',
      ]),
    );
    const test = runTemplateTest(result.dir, {
      link: { '@plugboard/workflow': adapter!.dir },
      toolchainFrom: workspace,
    });
    expect(test.status, test.output).toBe(0);
    expect(test).toMatchObject({ pass: 2, fail: 0 });
  }, 120_000);
});
