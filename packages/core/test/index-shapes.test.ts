import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '@plugboard/core';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

type Index = { version: number; entries: Record<string, Record<string, unknown>> };

// Each breaks one part of an otherwise valid index file, the way a truncated
// write, a hand edit or another tool's file would.
const breakages: Record<string, (index: Index) => unknown> = {
  'file is null': () => null,
  'file is an array': () => [],
  'entries is a string': (i) => ({ ...i, entries: 'x' }),
  'an entry is a string': (i) => ({
    ...i,
    entries: Object.fromEntries(Object.keys(i.entries).map((k) => [k, 'x'])),
  }),
  'problems is null': (i) => mapEntries(i, (e) => ({ ...e, problems: null })),
  'a problem has no code': (i) => mapEntries(i, (e) => ({ ...e, problems: [{ message: 'm' }] })),
  'watch holds a string': (i) => mapEntries(i, (e) => ({ ...e, watch: { '/x': 'old' } })),
  'found is an object': (i) => mapEntries(i, (e) => ({ ...e, found: {} })),
  'a package without manifest': (i) =>
    mapEntries(i, (e) => ({
      ...e,
      found: (e.found as { pkg: object }[]).map((f) => ({ ...f, pkg: { ...f.pkg, manifest: undefined } })),
    })),
  'an unknown source': (i) =>
    mapEntries(i, (e) => ({
      ...e,
      found: (e.found as object[]).map((f) => ({ ...f, source: 'elsewhere' })),
    })),
  'entry points that are numbers': (i) =>
    mapEntries(i, (e) => ({
      ...e,
      found: (e.found as { pkg: object }[]).map((f) => ({
        ...f,
        pkg: { ...f.pkg, manifest: { entryPoints: { config: { X: 1 } } } },
      })),
    })),
};

function mapEntries(index: Index, fn: (e: Record<string, unknown>) => unknown): unknown {
  return { ...index, entries: Object.fromEntries(Object.entries(index.entries).map(([k, e]) => [k, fn(e)])) };
}

describe('a discovery index of the wrong shape is a cache miss', () => {
  for (const [name, breakIt] of Object.entries(breakages)) {
    it(`${name}: rescanned, rewritten, same plugins`, async () => {
      using tree = createPackageTree({
        packages: [fixturePlugin({ name: 'one', entries: { config: { ONE: 'export default 1' } } })],
      });
      const file = join(tree.root, 'node_modules/.cache/plugboard/discovery.json');
      const cold = await discover({ cwd: tree.root, group: 'config' });
      expect(cold.from).toBe('scan');
      const good = JSON.parse(readFileSync(file, 'utf8')) as Index;
      writeFileSync(file, JSON.stringify(breakIt(good)));
      const healed = await discover({ cwd: tree.root, group: 'config' });
      expect(healed.from).toBe('scan');
      expect(healed.plugins.map((p) => p.name)).toEqual(['ONE']);
      expect(healed.problems).toEqual([]);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...good, entries: expect.any(Object) });
      expect((await discover({ cwd: tree.root, group: 'config' })).from).toBe('index');
    });
  }
});
