import { statSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '@plugboard/core';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const mtime = (path: string) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};
const fresh = (fingerprint: Record<string, number>) =>
  Object.entries(fingerprint).every(([path, ms]) => mtime(path) === ms);

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
});
