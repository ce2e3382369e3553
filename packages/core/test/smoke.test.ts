import { discover } from '@plugboard/core';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

describe('smoke', () => {
  for (const layout of ['npm', 'pnpm'] as const) {
    it(`discovers in ${layout}`, async () => {
      using tree = createPackageTree({
        layout,
        packages: [
          fixturePlugin({ name: '@acme/a', entries: { config: { A: 'export default { x: 1 }' } } }),
          { name: 'plain' },
        ],
      });
      const r = await discover({ cwd: tree.root, group: 'config' });
      expect(r.problems).toEqual([]);
      expect(r.plugins.map((p) => p.name)).toEqual(['A']);
      expect(await r.plugins[0]!.load()).toEqual({ x: 1 });
      const r2 = await discover({ cwd: tree.root, group: 'config' });
      expect(r2.from).toBe('index');
    });
  }
});
