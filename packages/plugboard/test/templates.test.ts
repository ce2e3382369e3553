import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { listPlugins, resolveAdapter, runDoctor, scaffoldPlugin } from 'plugboard';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

// Proves that each adapter's template yields a package that installs, builds and
// passes its own test right away. "Install" links the local adapter and the
// workspace's typescript and @types/node, as `npm install` with file: deps would.
const here = dirname(fileURLToPath(import.meta.url));
const workspaceRequire = createRequire(join(here, '..', '..', '..', 'package.json'));
const toolchain = {
  typescript: dirname(workspaceRequire.resolve('typescript/package.json')),
  '@types/node': dirname(workspaceRequire.resolve('@types/node/package.json')),
};
const root = tempDir('plugboard-templates-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function link(target: string, at: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(realpathSync(target), at, 'dir');
}

function npm(dir: string, script: string) {
  return spawnSync('npm', ['run', '--silent', script], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
}

/** A @plugboard/cli host that bundles the generated plugin: help from its metadata, then the command. */
async function runInHost(project: string, plugin: string): Promise<void> {
  const { createCli } = await import('@plugboard/cli');
  const home = join(root, 'cli', 'home');
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const sink = (add: (s: string) => void) =>
      new Writable({
        write(chunk, _enc, done) {
          add(String(chunk));
          done();
        },
      });
    const cli = createCli({
      name: 'host',
      version: '1.0.0',
      root: project,
      configDir: join(home, 'config'),
      dataDir: join(home, 'data'),
      env: {},
      interactive: false,
      stdout: sink((s) => {
        stdout += s;
      }),
      stderr: sink((s) => {
        stderr += s;
      }),
    });
    return { code: await cli.run(args), stdout, stderr };
  };
  const help = await run(['--help']);
  expect(help).toMatchObject({ code: 0, stderr: '' });
  expect(help.stdout).toMatch(new RegExp(`^\\s+${plugin}\\s+A command group`, 'm'));
  const greet = await run([plugin, 'greet', 'Bob', '--shout']);
  expect(greet).toMatchObject({ code: 0, stdout: 'HELLO, BOB!\n', stderr: '' });
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
    const result = scaffoldPlugin({ name, host, cwd: root, dir: join(root, host, 'plugin') });
    expect(result).toMatchObject({ plugin, group: host, host: { name: `@plugboard/${host}` } });
    expect(result.files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'tsconfig.json', 'src/index.ts']),
    );

    const modules = join(result.dir, 'node_modules');
    link(adapter.dir, join(modules, adapter.name));
    for (const [dep, dir] of Object.entries(toolchain)) link(dir, join(modules, dep));
    mkdirSync(join(modules, '.bin'));
    symlinkSync(join(toolchain.typescript, 'bin', 'tsc'), join(modules, '.bin', 'tsc'));

    // `npm test` is `tsc && node --test`: the build and the package's own tests.
    const test = npm(result.dir, 'test');
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/# pass [1-9]/);
    expect(test.stdout).toMatch(/# fail 0/);
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
    const rows = listPlugins({ cwd: project, cache: false });
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
