import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { splitCwd } from '../src/cli.js';
import { fakeAdapter, runPlugboard, tempDir } from './helpers.js';

const trees: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.cleanup();
});

function project(withProblem: boolean) {
  const tree = createPackageTree({
    packages: [
      fakeAdapter('cli', '1.2.0'),
      fixturePlugin({
        name: 'hello-plugin',
        entries: { cli: { hello: 'export default {}' } },
        peerDependencies: { '@plugboard/cli': '^1.0.0' },
      }),
      ...(withProblem
        ? [
            fixturePlugin({
              name: 'old-plugin',
              entries: { cli: { old: 'export default {}' } },
              peerDependencies: { '@plugboard/cli': '^0.1.0' },
            }),
          ]
        : []),
    ],
  });
  trees.push(tree);
  return tree.root;
}

describe('plugboard list', () => {
  it('prints a table, or JSON with --json', async () => {
    const cwd = project(true);
    const text = await runPlugboard(['list', '--cwd', cwd]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^GROUP\s+NAME\s+PACKAGE\s+SOURCE\s+COMPATIBLE$/m);
    expect(text.stdout).toMatch(
      /^cli\s+hello\s+hello-plugin@1\.0\.0\s+dependencies\s+yes \(@plugboard\/cli@1\.2\.0\)$/m,
    );
    expect(text.stdout).toMatch(
      /^cli\s+old\s+old-plugin@1\.0\.0\s+dependencies\s+NO \(needs \^0\.1\.0, have 1\.2\.0\)$/m,
    );
    const json = await runPlugboard([`--cwd=${cwd}`, 'list', '--json', '--group', 'cli']);
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout);
    expect(data.cwd).toBe(cwd);
    expect(data.plugins.map((p: { name: string; compatible: boolean }) => [p.name, p.compatible])).toEqual([
      ['hello', true],
      ['old', false],
    ]);
  });
});

describe('plugboard doctor', () => {
  it('exits 0 for a healthy project and 1 when there are errors', async () => {
    const healthy = await runPlugboard(['doctor', '--cwd', project(false)]);
    expect(healthy).toMatchObject({ code: 0, stderr: '' });
    expect(healthy.stdout).toContain('No problems found in 1 plugin(s).');

    const sick = await runPlugboard(['doctor', '--cwd', project(true)]);
    expect(sick.code).toBe(1);
    expect(sick.stdout).toMatch(
      /✖ PB_INCOMPATIBLE old-plugin\n.*needs @plugboard\/cli@\^0\.1\.0.*\n {2}→ Install a release/,
    );
    expect(sick.stderr).toBe(
      'plugboard: doctor found 1 error(s); fix them as shown above, then run it again.\n',
    );

    const json = await runPlugboard(['doctor', '--cwd', project(true), '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      errors: 1,
      findings: [
        { code: 'PB_INCOMPATIBLE', package: 'old-plugin', fix: expect.stringContaining('npm install') },
      ],
    });
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'PB_TOOL_PROBLEMS_FOUND',
        message: expect.stringContaining('doctor found 1 error(s)'),
      },
    });
  });
});

describe('plugboard index', () => {
  it('builds the index and says where', async () => {
    const cwd = project(false);
    const result = await runPlugboard(['index', '--cwd', cwd]);
    expect(result.code).toBe(0);
    const file = join(cwd, 'node_modules/.cache/plugboard/discovery.json');
    expect(result.stdout.trim()).toBe(`Indexed 1 plugin(s) from 1 package(s) into ${file}`);
    expect(existsSync(file)).toBe(true);
  });
});

describe('plugboard new', () => {
  it('scaffolds from the adapter template', async () => {
    const cwd = tempDir();
    const result = await runPlugboard([
      'new',
      '@acme/plugboard-cli-greet',
      '--host',
      'cli',
      '--cwd',
      cwd,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout);
    expect(data).toMatchObject({ dir: join(cwd, 'plugboard-cli-greet'), plugin: 'greet', group: 'cli' });
    const pkg = JSON.parse(readFileSync(join(data.dir, 'package.json'), 'utf8'));
    expect(pkg.plugboard.entryPoints).toEqual({ cli: { greet: './dist/index.js' } });
    expect(pkg.peerDependencies['@plugboard/cli']).toMatch(/^\^\d+\.\d+\.\d+/);
  });
});

describe('plugboard new --dry-run', () => {
  it('writes nothing and lists what it would write', async () => {
    const cwd = tempDir();
    const result = await runPlugboard([
      'new',
      '@acme/plugboard-cli-dry',
      '--host',
      'cli',
      '--dry-run',
      '--cwd',
      cwd,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Would create \(dry run, nothing written\) @acme\/plugboard-cli-dry/);
    expect(result.stdout).toContain('  package.json');
    expect(result.stdout).not.toContain('Next:');
    expect(existsSync(join(cwd, 'plugboard-cli-dry'))).toBe(false);
  });
});

describe('bad usage', () => {
  it.each([
    [['list', '--nope'], 2, /unknown option '--nope'/],
    [['new', '--host', 'cli'], 2, /missing required argument 'name'/],
    [['new', 'x'], 2, /required option '--host <host>' not specified/],
    [['lsit'], 2, /unknown command 'lsit'[\s\S]*list/],
    [['list', '--cwd'], 2, /--cwd needs a directory/],
    [['list', '--cwd', '/nonexistent/dir'], 2, /project directory \/nonexistent\/dir does not exist/],
    [['new', 'Bad Name', '--host', 'cli'], 2, /"Bad Name" is not a valid npm package name/],
    [['new', 'ok', '--host', 'no-such-host'], 1, /cannot find @plugboard\/no-such-host/],
  ])('%j exits %i', async (args, code, message) => {
    const result = await runPlugboard(args, tempDir());
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it('prints a coded JSON error on stderr with --json', async () => {
    const result = await runPlugboard(['new', 'Bad Name', '--host', 'cli', '--json'], tempDir());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      error: {
        code: 'PB_TOOL_NAME_INVALID',
        message: expect.stringContaining('not a valid npm package name'),
      },
    });
    const cwd = await runPlugboard(['list', '--json', '--cwd']);
    expect(cwd.code).toBe(2);
    expect(JSON.parse(cwd.stderr)).toEqual({
      error: { code: 'PB_TOOL_CWD_INVALID', message: expect.any(String) },
    });
  });
});

describe('splitCwd', () => {
  it('takes --cwd out wherever it is, but not after --', () => {
    expect(splitCwd(['list', '--cwd', 'a', '--json'])).toEqual({ cwd: 'a', rest: ['list', '--json'] });
    expect(splitCwd(['--cwd=b', 'doctor'])).toEqual({ cwd: 'b', rest: ['doctor'] });
    expect(splitCwd(['x', '--', '--cwd', 'c'])).toEqual({ rest: ['x', '--', '--cwd', 'c'] });
  });
});

describe('the built bin', () => {
  const bin = fileURLToPath(new URL('../bin/plugboard.cjs', import.meta.url));
  const built = existsSync(fileURLToPath(new URL('../dist/bin.js', import.meta.url)));
  it.skipIf(!built)('runs with exit codes 0 and 2', () => {
    const ok = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bad = spawnSync(process.execPath, [bin, 'list', '--bogus'], {
      encoding: 'utf8',
      env: { ...process.env, XDG_DATA_HOME: tempDir() },
    });
    expect(bad.status).toBe(2);
  });

  it.skipIf(!built)('--help lists --cwd; help from the index is what the full CLI prints', () => {
    const env = { ...process.env, XDG_DATA_HOME: tempDir(), XDG_CONFIG_HOME: tempDir() };
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const full = run('--help'); // no index yet: the full CLI answers and writes it
    expect(full.code).toBe(0);
    expect(full.out).toMatch(/^ {2}--cwd <dir>\s+project directory/m);
    expect(run('--help')).toEqual(full);
    expect(run('--cwd', '/tmp', '--help')).toEqual(full);
    expect(run('help', '--cwd=/tmp')).toEqual(full);
    // global options show in a command's own help too
    expect(run('list', '--help').out).toMatch(/Global Options:[\s\S]*--cwd <dir>/);
    expect(run('--cwd').code).toBe(2);
  });
});
