import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '@plugboard/core';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const plugin = (name: string, entry: string) =>
  fixturePlugin({ name, entries: { config: { [entry]: 'export default 1' } } });
const names = (r: { plugins: { name: string }[] }) => r.plugins.map((p) => p.name).sort();

describe('discovery index', () => {
  for (const layout of ['npm', 'pnpm'] as const) {
    for (const touchLockfile of [true, false]) {
      const how = touchLockfile ? 'with lockfile rewrite' : 'without lockfile change';
      it(`a warm start reads the index; install and removal invalidate it (${layout}, ${how})`, async () => {
        using tree = createPackageTree({ layout, packages: [plugin('@acme/one', 'ONE'), { name: 'lib' }] });
        for (const sources of [{}, { scan: true, dependencies: false }]) {
          const cold = await discover({ cwd: tree.root, group: 'config', sources });
          expect(cold.from).toBe('scan');
          const warm = await discover({ cwd: tree.root, group: 'config', sources });
          expect(warm.from).toBe('index');
          expect(names(warm)).toEqual(['ONE']);
        }

        tree.addPackage(plugin('@acme/two', 'TWO'), { touchLockfile });
        for (const sources of [{}, { scan: true, dependencies: false }]) {
          const afterInstall = await discover({ cwd: tree.root, group: 'config', sources });
          expect(afterInstall.from).toBe('scan');
          expect(names(afterInstall)).toEqual(['ONE', 'TWO']);
        }

        tree.removePackage('@acme/one', { touchLockfile });
        for (const sources of [{}, { scan: true, dependencies: false }]) {
          const afterRemove = await discover({ cwd: tree.root, group: 'config', sources });
          expect(afterRemove.from).toBe('scan');
          expect(names(afterRemove)).toEqual(['TWO']);
          expect((await discover({ cwd: tree.root, group: 'config', sources })).from).toBe('index');
        }
      });
    }
  }

  const renameEntry = (file: string) => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.plugboard.entryPoints.config = { AFTER: json.plugboard.entryPoints.config.BEFORE };
    writeFileSync(file, JSON.stringify(json));
  };

  it('a plugin edited in place in a node_modules no package manager keeps invalidates the index', async () => {
    using tree = createPackageTree({ packages: [plugin('edited', 'BEFORE')] });
    rmSync(join(tree.nodeModules, '.package-lock.json'));
    expect(names(await discover({ cwd: tree.root, group: 'config' }))).toEqual(['BEFORE']);
    expect((await discover({ cwd: tree.root, group: 'config' })).from).toBe('index');
    renameEntry(join(tree.nodeModules, 'edited', 'package.json'));
    const after = await discover({ cwd: tree.root, group: 'config' });
    expect(after.from).toBe('scan');
    expect(names(after)).toEqual(['AFTER']);
  });

  for (const layout of ['npm', 'pnpm'] as const) {
    it(`plugins a package manager installed are covered by its marker, not one stamp each (${layout})`, async () => {
      using tree = createPackageTree({ layout, packages: [plugin('a', 'BEFORE'), plugin('b', 'B')] });
      const marker = join(tree.nodeModules, layout === 'pnpm' ? '.modules.yaml' : '.package-lock.json');
      expect(names(await discover({ cwd: tree.root, group: 'config' }))).toEqual(['B', 'BEFORE']);
      const index = JSON.parse(
        readFileSync(join(tree.nodeModules, '.cache', 'plugboard', 'discovery.json'), 'utf8'),
      );
      const watched = Object.keys(
        Object.values(index.entries as Record<string, { watch: object }>)[0]!.watch,
      );
      expect(watched).toContain(marker);
      expect(watched.filter((p) => p.endsWith(`${join('a', 'package.json')}`))).toEqual([]);
      // an update rewrites the package and the marker together: the next start rescans
      const real = realpathSync(tree.dirOf('a'));
      renameEntry(join(real, 'package.json'));
      writeFileSync(marker, 'updated\n');
      const after = await discover({ cwd: tree.root, group: 'config' });
      expect(after.from).toBe('scan');
      expect(names(after)).toEqual(['AFTER', 'B']);
    });
  }

  it('keeps one entry per source configuration, so hosts with different sources stay warm', async () => {
    using tree = createPackageTree({ packages: [plugin('p', 'P')] });
    const configs = [
      {},
      { scan: true, dependencies: false },
      { paths: [tree.dirOf('p')], dependencies: false },
    ];
    for (const sources of configs) expect((await discover({ cwd: tree.root, sources })).from).toBe('scan');
    for (const sources of configs) expect((await discover({ cwd: tree.root, sources })).from).toBe('index');
  });

  it('a linked workspace package that gains a "plugboard" field is found at once', async () => {
    using tree = createPackageTree({ packages: [] });
    const pkgDir = join(tree.root, 'packages', 'tools');
    mkdirSync(pkgDir, { recursive: true });
    const write = (plugboard?: object) =>
      writeFileSync(
        join(pkgDir, 'package.json'),
        JSON.stringify({ name: 'tools', version: '1.0.0', ...(plugboard ? { plugboard } : {}) }),
      );
    write();
    writeFileSync(join(pkgDir, 'index.js'), 'export default 1;');
    symlinkSync('../packages/tools', join(tree.nodeModules, 'tools'));
    writeFileSync(
      join(tree.root, 'package.json'),
      JSON.stringify({ name: 'ws', private: true, dependencies: { tools: 'workspace:^' } }),
    );
    for (const sources of [{}, { scan: true, dependencies: false }]) {
      expect(names(await discover({ cwd: tree.root, group: 'config', sources }))).toEqual([]);
      expect((await discover({ cwd: tree.root, group: 'config', sources })).from).toBe('index');
    }
    write({ entryPoints: { config: { TOOLS: './index.js' } } });
    for (const sources of [{}, { scan: true, dependencies: false }]) {
      const after = await discover({ cwd: tree.root, group: 'config', sources });
      expect(after.from).toBe('scan');
      expect(names(after)).toEqual(['TOOLS']);
    }
  });

  it('a corrupt or foreign index file is ignored, never trusted', async () => {
    using tree = createPackageTree({ packages: [plugin('p', 'P')] });
    const file = join(tree.root, 'index.json');
    writeFileSync(file, '{ not json');
    const r = await discover({ cwd: tree.root, group: 'config', cache: file });
    expect(r.from).toBe('scan');
    expect(names(r)).toEqual(['P']);
    const index = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...index, version: 1 }));
    expect((await discover({ cwd: tree.root, group: 'config', cache: file })).from).toBe('scan');
  });

  it('keeps problems in the index so a warm start reports them too', async () => {
    using tree = createPackageTree({
      packages: [plugin('ok', 'OK'), { name: 'bad', plugboard: { entryPoints: 'nope' } }],
    });
    const cold = await discover({ cwd: tree.root, group: 'config' });
    const warm = await discover({ cwd: tree.root, group: 'config' });
    expect(warm.from).toBe('index');
    expect(warm.problems.map((p) => p.code)).toEqual(cold.problems.map((p) => p.code));
    expect(warm.problems.map((p) => p.code)).toEqual(['PB_MANIFEST_INVALID']);
  });
});
