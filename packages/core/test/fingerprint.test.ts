import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '@plugboard/core';
import { stampOf } from '@plugboard/core/light';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const fresh = (fingerprint: Record<string, number>) =>
  Object.entries(fingerprint).every(([path, stamp]) => stampOf(path) === stamp);

describe('discovery fingerprint', () => {
  it('lists what the result depends on, identically from a scan and from the index, and goes stale on install', async () => {
    using tree = createPackageTree({
      packages: [fixturePlugin({ name: 'one', entries: { cli: { one: 'export default 1' } } })],
    });
    const cold = await discover({ cwd: tree.root, group: 'cli' });
    const warm = await discover({ cwd: tree.root, group: 'cli' });
    expect(cold.from).toBe('scan');
    expect(warm.from).toBe('index');
    expect(warm.fingerprint).toEqual(cold.fingerprint);
    expect(Object.keys(cold.fingerprint)).toContain(join(tree.root, 'package.json'));
    expect(fresh(cold.fingerprint)).toBe(true);
    tree.addPackage(fixturePlugin({ name: 'two', entries: { cli: { two: 'export default 2' } } }));
    expect(fresh(cold.fingerprint)).toBe(false);
  });

  it('holds while tools add dot folders to node_modules, and goes stale when a package is removed', async () => {
    using tree = createPackageTree({
      packages: [fixturePlugin({ name: 'one', entries: { cli: { one: 'export default 1' } } })],
    });
    const cold = await discover({ cwd: tree.root, group: 'cli' });
    const nodeModules = join(tree.root, 'node_modules');
    expect(Object.keys(cold.fingerprint)).toContain(nodeModules);
    // another host's index, a bundler cache, bin links: the plugins did not change
    for (const dot of ['.cache/plugboard', '.vite', '.bin'])
      mkdirSync(join(nodeModules, dot), { recursive: true });
    expect(fresh(cold.fingerprint)).toBe(true);
    expect((await discover({ cwd: tree.root, group: 'cli' })).from).toBe('index');
    // `rm -rf node_modules/one`: no lockfile or package.json changes to give it away
    rmSync(join(nodeModules, 'one'), { recursive: true, force: true });
    expect(fresh(cold.fingerprint)).toBe(false);
    const after = await discover({ cwd: tree.root, group: 'cli' });
    expect(after.from).toBe('scan');
    expect(after.plugins).toEqual([]);
  });
});
