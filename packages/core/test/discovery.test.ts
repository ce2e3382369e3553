import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '@plugboard/core';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const plugin = (name: string, entry: string, version = '1.0.0') =>
  fixturePlugin({
    name,
    version,
    entries: { config: { [entry]: `export default { from: '${name}@${version}' }` } },
  });

describe('discover()', () => {
  for (const layout of ['npm', 'pnpm'] as const) {
    it(`finds plugins of a group in an ${layout} tree and loads them lazily`, async () => {
      using tree = createPackageTree({
        layout,
        packages: [
          plugin('@acme/a', 'A'),
          fixturePlugin({
            name: 'multi',
            entries: { config: { M: 'export default 1' }, cli: { m: 'export default 2' } },
          }),
          { name: 'plain', dependencies: { '@acme/transitive': '1.0.0' } },
          plugin('@acme/transitive', 'T'),
        ],
        dependencies: ['@acme/a', 'multi', 'plain'],
      });
      const result = await discover({ cwd: tree.root, group: 'config' });
      expect(result.problems).toEqual([]);
      expect(result.plugins.map((p) => p.name).sort()).toEqual(['A', 'M', 'T']);
      const a = result.plugins.find((p) => p.name === 'A')!;
      expect(a).toMatchObject({
        group: 'config',
        source: 'dependencies',
        package: { name: '@acme/a', version: '1.0.0' },
      });
      expect(await a.load()).toEqual({ from: '@acme/a@1.0.0' });
      const cli = await discover({ cwd: tree.root, group: 'cli' });
      expect(cli.plugins.map((p) => `${p.group}:${p.name}`)).toEqual(['cli:m']);
      const all = await discover({ cwd: tree.root });
      expect(all.plugins).toHaveLength(4);
    });
  }

  it('scans node_modules, scoped packages included, when asked', async () => {
    using tree = createPackageTree({
      packages: [plugin('@scope/x', 'X'), plugin('y', 'Y')],
      dependencies: [],
    });
    const deps = await discover({ cwd: tree.root, group: 'config', cache: false });
    expect(deps.plugins).toEqual([]);
    const scan = await discover({
      cwd: tree.root,
      group: 'config',
      cache: false,
      sources: { dependencies: false, scan: true },
    });
    expect(scan.plugins.map((p) => `${p.name}:${p.source}`).sort()).toEqual(['X:scan', 'Y:scan']);
  });

  it('applies precedence path > user > dependencies > scan and reports the overridden copy', async () => {
    using tree = createPackageTree({ packages: [plugin('dup', 'D', '1.0.0')] });
    const userDir = join(tree.root, 'user-plugins');
    createPackageTree({ root: userDir, packages: [plugin('dup', 'D', '2.0.0')] });
    createPackageTree({ root: join(tree.root, 'linked-src'), packages: [plugin('dup', 'D', '3.0.0')] });
    const linkedDir = join(tree.root, 'linked-src', 'node_modules', 'dup');

    const userWins = await discover({ cwd: tree.root, group: 'config', cache: false, sources: { userDir } });
    expect(userWins.plugins).toHaveLength(1);
    expect(await userWins.plugins[0]!.load()).toEqual({ from: 'dup@2.0.0' });
    expect(userWins.problems).toEqual([
      expect.objectContaining({
        code: 'PB_DUPLICATE',
        severity: 'warning',
        message: expect.stringContaining(
          'using dup@2.0.0 because the user source takes precedence over dependencies',
        ),
      }),
    ]);

    const pathWins = await discover({
      cwd: tree.root,
      group: 'config',
      cache: false,
      sources: { paths: [linkedDir], userDir, scan: true },
    });
    expect(pathWins.plugins.map((p) => `${p.package.version}:${p.source}`)).toEqual(['3.0.0:path']);
    expect(pathWins.problems.map((p) => p.code)).toEqual(['PB_DUPLICATE', 'PB_DUPLICATE']);
  });

  it('reports a linked path that is not a plugin package', async () => {
    using tree = createPackageTree({ packages: [] });
    mkdirSync(join(tree.root, 'not-a-plugin'));
    writeFileSync(join(tree.root, 'not-a-plugin', 'package.json'), '{"name":"x","version":"1.0.0"}');
    const r = await discover({ cwd: tree.root, cache: false, sources: { paths: ['not-a-plugin'] } });
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'PB_MANIFEST_INVALID',
        message: expect.stringContaining('not a plugin package'),
      }),
    ]);
    const gone = await discover({ cwd: tree.root, cache: false, sources: { paths: ['moved-away'] } });
    expect(gone.problems).toEqual([
      expect.objectContaining({
        code: 'PB_PATH_MISSING',
        message: `Linked plugin folder ${join(tree.root, 'moved-away')} does not exist; fix the link or remove it.`,
      }),
    ]);
  });

  it('unwraps CommonJS default exports and reads CJS named exports', async () => {
    using tree = createPackageTree({
      packages: [
        {
          name: 'cjs-plugin',
          packageJson: { type: 'commonjs' },
          plugboard: {
            entryPoints: { config: { DEF: './babel.js', NAMED: './named.js#Named', PLAIN: './plain.js' } },
          },
          files: {
            'babel.js':
              'Object.defineProperty(exports, "__esModule", { value: true }); exports.default = { kind: "babel-default" };',
            'named.js': 'module.exports = { Named: { kind: "named" } };',
            'plain.js': 'module.exports = { kind: "plain" };',
          },
        },
      ],
    });
    const r = await discover({ cwd: tree.root, group: 'config' });
    const byName = Object.fromEntries(
      await Promise.all(r.plugins.map(async (p) => [p.name, await p.load()])),
    );
    expect(byName).toEqual({
      DEF: { kind: 'babel-default' },
      NAMED: { kind: 'named' },
      PLAIN: { kind: 'plain' },
    });
  });

  it('checks the loaded shape with the host guard', async () => {
    using tree = createPackageTree({ packages: [plugin('shape', 'S')] });
    const r = await discover({
      cwd: tree.root,
      group: 'config',
      guard: (v) =>
        typeof (v as { resolve?: unknown }).resolve === 'function'
          ? undefined
          : 'it has no resolve() function',
    });
    await expect(r.plugins[0]!.load()).rejects.toMatchObject({
      code: 'PB_SHAPE_INVALID',
      package: 'shape',
      message:
        'plugin "S" (config) from shape@1.0.0 is not what the config host expects: it has no resolve() function.',
    });
  });

  it('leaves out plugins built for another host version, naming both versions', async () => {
    using tree = createPackageTree({
      packages: [
        { ...plugin('old-plugin', 'OLD'), peerDependencies: { '@plugboard/config': '^0.1.0' } },
        { ...plugin('new-plugin', 'NEW'), peerDependencies: { '@plugboard/config': '^1.0.0' } },
        plugin('any-plugin', 'ANY'),
      ],
    });
    const r = await discover({
      cwd: tree.root,
      group: 'config',
      host: { name: '@plugboard/config', version: '1.2.0' },
    });
    expect(r.plugins.map((p) => p.name).sort()).toEqual(['ANY', 'NEW']);
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'PB_INCOMPATIBLE',
        package: 'old-plugin',
        message: expect.stringContaining(
          'old-plugin@1.0.0 needs @plugboard/config@^0.1.0 but 1.2.0 is installed',
        ),
      }),
    ]);
  });
});

describe('workspaces', () => {
  it('follows a workspace package linked into node_modules (pnpm/npm workspaces)', async () => {
    using tree = createPackageTree({ packages: [] });
    // A sibling workspace package, linked the way `workspace:` dependencies are.
    const local = createPackageTree({ root: join(tree.root, 'packages', 'tools'), packages: [] });
    writeFileSync(
      join(local.root, 'package.json'),
      JSON.stringify({
        name: '@ws/tools',
        version: '0.3.0',
        plugboard: { entryPoints: { config: { WS: './index.js' } } },
      }),
    );
    writeFileSync(join(local.root, 'index.js'), 'export default "from the workspace";');
    mkdirSync(join(tree.nodeModules, '@ws'), { recursive: true });
    symlinkSync('../../packages/tools', join(tree.nodeModules, '@ws', 'tools'));
    writeFileSync(
      join(tree.root, 'package.json'),
      JSON.stringify({ name: 'ws-root', private: true, dependencies: { '@ws/tools': 'workspace:^' } }),
    );
    const r = await discover({ cwd: tree.root, group: 'config', cache: false });
    expect(r.plugins.map((p) => [p.name, p.package.dir])).toEqual([['WS', local.root]]);
    expect(await r.plugins[0]!.load()).toBe('from the workspace');
  });
});
