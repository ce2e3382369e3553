import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPackageTree, type FixturePackage, fixturePlugin } from '@plugboard/testing';
import { buildIndex, listPlugins, runDoctor } from 'plugboard';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAdapter } from './helpers.js';

const trees: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.cleanup();
});

function project(packages: FixturePackage[] = []) {
  const tree = createPackageTree({ packages, layout: 'pnpm' });
  trees.push(tree);
  return tree;
}

const cmd = (name: string) => `export default { name: '${name}', defaults: {}, commands() {} };`;

describe('listPlugins', () => {
  it('shows every plugin with its compatibility against the installed adapter', async () => {
    const tree = project([
      fakeAdapter('cli', '1.2.0'),
      fixturePlugin({
        name: 'good',
        entries: { cli: { hello: cmd('hello') } },
        peerDependencies: { '@plugboard/cli': '^1.0.0' },
      }),
      fixturePlugin({
        name: 'old',
        entries: { cli: { legacy: cmd('legacy') } },
        peerDependencies: { '@plugboard/cli': '^0.3.0' },
      }),
      fixturePlugin({ name: 'custom-host', entries: { custom: { thing: 'export default 1' } } }),
    ]);
    const rows = await listPlugins({ cwd: tree.root });
    expect(rows.map((r) => [r.group, r.name, r.package, r.source, r.compatible])).toEqual([
      ['cli', 'hello', 'good', 'dependencies', true],
      ['cli', 'legacy', 'old', 'dependencies', false],
      ['custom', 'thing', 'custom-host', 'dependencies', null],
    ]);
    expect(rows[1]!.host).toEqual({ name: '@plugboard/cli', version: '1.2.0', range: '^0.3.0' });
    expect((await listPlugins({ cwd: tree.root, group: 'custom' })).map((r) => r.name)).toEqual(['thing']);
  });
});

describe('runDoctor', () => {
  it('reports nothing for a healthy project', async () => {
    const tree = project([
      fakeAdapter('cli', '1.2.0'),
      fixturePlugin({
        name: 'good',
        entries: { cli: { hello: cmd('hello') } },
        peerDependencies: { '@plugboard/cli': '^1.0.0' },
      }),
    ]);
    expect(await runDoctor({ cwd: tree.root })).toEqual({
      ok: true,
      plugins: 1,
      errors: 0,
      warnings: 0,
      findings: [],
    });
  });

  it('finds incompatible plugins, unmet requires, missing entries and broken packages, each with a fix', async () => {
    const tree = project([
      fakeAdapter('cli', '1.2.0'),
      fixturePlugin({
        name: 'old',
        entries: { cli: { legacy: cmd('legacy') } },
        peerDependencies: { '@plugboard/cli': '^0.3.0' },
      }),
      fixturePlugin({
        name: 'needs-legacy',
        entries: { cli: { extra: cmd('extra') } },
        requires: { legacy: '^1.0.0' },
      }),
      fixturePlugin({
        name: 'needs-auth',
        entries: { cli: { deploy: cmd('deploy') } },
        requires: { auth: '^1.0.0' },
      }),
      {
        name: 'unbuilt',
        plugboard: { entryPoints: { cli: { unbuilt: './dist/index.js' } } },
      },
      { name: 'broken', rawPackageJson: '{ "name": "broken", "plugboard": {' },
    ]);
    const report = await runDoctor({ cwd: tree.root });
    expect(report.ok).toBe(false);
    const byCode = Object.fromEntries(report.findings.map((f) => [`${f.code} ${f.package ?? f.plugin}`, f]));
    expect(Object.keys(byCode).sort()).toEqual([
      'PB_DEPENDENCY_FAILED needs-legacy',
      'PB_ENTRY_MISSING unbuilt',
      'PB_INCOMPATIBLE old',
      'PB_PACKAGE_JSON_INVALID undefined',
      'PB_REQUIRE_MISSING needs-auth',
    ]);
    expect(byCode['PB_INCOMPATIBLE old']).toMatchObject({
      severity: 'error',
      group: 'cli',
      message:
        "old@1.0.0 needs @plugboard/cli@^0.3.0 but 1.2.0 is installed; install a version of the plugin made for @plugboard/cli@1.2.0, or change the host's version.",
      fix: 'Install a release of old made for @plugboard/cli@1.2.0 (npm install old@latest), or install @plugboard/cli@"^0.3.0".',
    });
    expect(byCode['PB_REQUIRE_MISSING needs-auth']!.message).toMatch(
      /requires "auth" \(\^1\.0\.0\), which is not installed/,
    );
    expect(byCode['PB_DEPENDENCY_FAILED needs-legacy']!.message).toMatch(
      /requires "legacy", which cannot start \(PB_INCOMPATIBLE/,
    );
    expect(byCode['PB_ENTRY_MISSING unbuilt']).toMatchObject({
      message: expect.stringContaining('entry module ./dist/index.js does not exist'),
      fix: expect.stringContaining('npm run build'),
    });
    expect(byCode['PB_PACKAGE_JSON_INVALID undefined']!.fix).toMatch(
      /Repair the JSON in .*broken\/package\.json/,
    );
    expect(report.errors).toBe(5);
  });

  it('warns, without failing, when a plugin targets an adapter the project lacks', async () => {
    const tree = project([
      fixturePlugin({
        name: 'web-only',
        entries: { web: { shop: 'export default {}' } },
        peerDependencies: { '@plugboard/web': '^1.0.0' },
      }),
    ]);
    const report = await runDoctor({ cwd: tree.root });
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 1 });
    expect(report.findings[0]).toMatchObject({
      code: 'PB_TOOL_HOST_NOT_FOUND',
      severity: 'warning',
      fix: 'Install the adapter: npm install @plugboard/web@"^1.0.0".',
    });
  });

  it('with load: true imports entry points and reports those that throw', async () => {
    const tree = project([
      fixturePlugin({ name: 'thrower', entries: { cli: { boom: 'throw new Error("kaboom at import");' } } }),
      fixturePlugin({ name: 'fine', entries: { cli: { fine: cmd('fine') } } }),
    ]);
    expect((await runDoctor({ cwd: tree.root })).ok).toBe(true);
    const report = await runDoctor({ cwd: tree.root, load: true });
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'PB_LOAD_FAILED',
        package: 'thrower',
        plugin: 'boom',
        message: expect.stringContaining('kaboom at import'),
      }),
    ]);
  });

  it('rejects a project directory that does not exist', async () => {
    await expect(runDoctor({ cwd: '/nonexistent/plugboard-project' })).rejects.toMatchObject({
      code: 'PB_TOOL_CWD_INVALID',
      exitCode: 2,
      message: expect.stringContaining('pass an existing folder with --cwd'),
    });
  });
});

describe('buildIndex', () => {
  it('writes the index where hosts read it, from a fresh scan', () => {
    const tree = project([
      fixturePlugin({
        name: 'two',
        entries: { cli: { a: cmd('a'), b: cmd('b') }, config: { C: 'export default {}' } },
      }),
    ]);
    const result = buildIndex({ cwd: tree.root });
    expect(result).toEqual({
      file: join(tree.root, 'node_modules/.cache/plugboard/discovery.json'),
      packages: 1,
      plugins: 3,
      problems: 0,
    });
    const entries = Object.values(JSON.parse(readFileSync(result.file, 'utf8')).entries) as {
      found: unknown[];
    }[];
    expect(entries.map((e) => e.found.length)).toEqual([1]);
    const custom = buildIndex({ cwd: tree.root, file: 'idx.json' });
    expect(custom.file).toBe(join(tree.root, 'idx.json'));
    expect(existsSync(custom.file)).toBe(true);
  });

  it('reports an index it cannot write', () => {
    const tree = project([]);
    expect(() => buildIndex({ cwd: tree.root, file: 'package.json/nested/index.json' })).toThrow(
      expect.objectContaining({
        code: 'PB_TOOL_INDEX_UNWRITABLE',
        message: expect.stringContaining('pass --out'),
      }),
    );
  });
});
