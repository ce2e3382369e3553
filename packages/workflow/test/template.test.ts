import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAdapter, scaffoldPlugin } from 'plugboard';
import { afterAll, describe, expect, it } from 'vitest';

// `plugboard new --host workflow` yields a package that builds and passes its own test.
// "Install" links this adapter and the workspace's typescript and @types/node, as
// `npm install` with file: dependencies would.
const here = dirname(fileURLToPath(import.meta.url));
const workspaceRequire = createRequire(join(here, '..', '..', '..', 'package.json'));
const toolchain = {
  typescript: dirname(workspaceRequire.resolve('typescript/package.json')),
  '@types/node': dirname(workspaceRequire.resolve('@types/node/package.json')),
};
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
    const modules = join(result.dir, 'node_modules');
    link(adapter!.dir, join(modules, '@plugboard', 'workflow'));
    for (const [dep, dir] of Object.entries(toolchain)) link(dir, join(modules, dep));
    const test = spawnSync(
      process.execPath,
      [join(toolchain.typescript, 'bin', 'tsc'), '-p', 'tsconfig.json'],
      { cwd: result.dir, encoding: 'utf8' },
    );
    expect(test.status, test.stdout + test.stderr).toBe(0);
    const run = spawnSync(process.execPath, ['--test'], {
      cwd: result.dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^[#ℹ] pass 2$/m);
    expect(run.stdout).toMatch(/^[#ℹ] fail 0$/m);
  }, 120_000);
});
