import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliHarness, runTemplateTest } from '@plugboard/testing';
import { listPlugins, resolveAdapter, runDoctor, scaffoldPlugin } from 'plugboard';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

// Proves that each adapter's template yields a package that installs, builds and
// passes its own test right away. The package is made with `linkSdk`, so its
// @plugboard/* devDependencies are `file:` links to this checkout; "install" makes
// those links and links the workspace's typescript and @types/node, as `npm install`
// does with file: deps (no registry traffic in tests): @plugboard/testing's runTemplateTest.
const here = dirname(fileURLToPath(import.meta.url));
const workspace = join(here, '..', '..', '..');
const root = tempDir('plugboard-templates-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function link(target: string, at: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(realpathSync(target), at, 'dir');
}

/** A @plugboard/cli host that bundles the generated plugin: help from its metadata, then the command. */
async function runInHost(project: string, plugin: string): Promise<void> {
  const { createCli } = await import('@plugboard/cli');
  using harness = createCliHarness((io) =>
    createCli({ name: 'host', version: '1.0.0', root: project, ...io }),
  );
  const help = await harness.run(['--help']);
  expect(help).toMatchObject({ code: 0, err: '' });
  expect(help.out).toMatch(new RegExp(`^\\s+${plugin}\\s+A command group`, 'm'));
  const greet = await harness.run([plugin, 'greet', 'Bob', '--shout']);
  expect(greet).toMatchObject({ code: 0, out: 'HELLO, BOB!\n', err: '' });
}

describe.each([
  ['cli', '@acme/plugboard-cli-deploy', 'deploy'],
  ['config', '@acme/plugboard-config-vault', 'VAULT'],
])('the %s template', (host, name, plugin) => {
  it('generates a package that builds, passes its own test and is discovered as compatible', async () => {
    const adapter = resolveAdapter(host, [here])!;
    if (!existsSync(join(adapter.dir, 'dist', 'index.js'))) {
      throw new Error(`${adapter.name} is not built; run \`pnpm build\` (npm test builds first).`);
    }
    const result = scaffoldPlugin({ name, host, cwd: root, dir: join(root, host, 'plugin'), linkSdk: true });
    expect(result).toMatchObject({ plugin, group: host, host: { name: `@plugboard/${host}` } });
    expect(result.files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'tsconfig.json', 'src/index.ts']),
    );

    const written = JSON.parse(readFileSync(join(result.dir, 'package.json'), 'utf8'));
    expect(Object.keys(result.linked)).toContain(adapter.name);
    for (const dep of Object.keys(result.linked)) expect(written.devDependencies[dep]).toMatch(/^file:/);

    // `npm test` is `tsc && node --test`: the build and the package's own tests.
    const test = runTemplateTest(result.dir, { link: result.linked, toolchainFrom: workspace });
    expect(test.status, test.output).toBe(0);
    expect(test.pass).toBeGreaterThan(0);
    expect(test.fail).toBe(0);
    expect(existsSync(join(result.dir, 'dist', 'index.d.ts'))).toBe(true);

    // A host project that installs the generated package sees a compatible plugin.
    const project = join(root, host, 'project');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'host', dependencies: { [name]: '*' } }),
    );
    link(result.dir, join(project, 'node_modules', name));
    link(adapter.dir, join(project, 'node_modules', adapter.name));
    const rows = await listPlugins({ cwd: project, cache: false });
    expect(rows).toEqual([
      expect.objectContaining({
        name: plugin,
        group: host,
        package: name,
        compatible: true,
        source: 'dependencies',
      }),
    ]);
    expect(await runDoctor({ cwd: project, cache: false, load: true })).toMatchObject({
      ok: true,
      findings: [],
    });
    if (host === 'cli') await runInHost(project, plugin);
  }, 120_000);
});
