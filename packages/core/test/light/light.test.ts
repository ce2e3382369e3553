import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { defineHost } from '@plugboard/core';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { indexFilePath, indexKey, mergeProvided, readHostView, viewKey } from '../../src/light/index.js';

const host = () =>
  defineHost<{ hi(): string }, { title: string }>({
    group: 'greeter',
    adapter: { name: 'greeter-host', version: '2.1.0' },
    entryName: { pattern: /^[a-z]+$/, hint: 'lower-case letters only' },
    meta: { schema: z.object({ title: z.string() }), onInvalid: 'exclude' },
  });

const tree = () =>
  createPackageTree({
    packages: [
      fixturePlugin({
        name: 'hello-plugin',
        peerDependencies: { 'greeter-host': '^2.0.0' },
        entries: { greeter: { hello: 'export default { hi: () => "hi" }' } },
        manifest: { greeter: { title: 'Hello' } },
      }),
      fixturePlugin({
        name: 'old-plugin',
        peerDependencies: { 'greeter-host': '^1.0.0' },
        entries: { greeter: { old: 'export default {}' } },
      }),
    ],
  });

const key = (root: string) => indexKey(root, undefined);
const file = (root: string) => indexFilePath(root, undefined)!;
const vk = viewKey({
  group: 'greeter',
  adapter: { name: 'greeter-host', version: '2.1.0' },
  label: 'greeter-host',
});

describe('the light module (import-free index read)', () => {
  it('imports nothing but its own folder, so a CommonJS bin can load it alone', () => {
    const dir = new URL('../../src/light/', import.meta.url);
    for (const f of readdirSync(dir)) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      expect(text, f).not.toMatch(/^import (?!type)[^;]*from '(?!\.\/)/m);
    }
  });

  it("reads back the host's final view that discovery stored beside the scan", () => {
    using t = tree();
    const found = host().discover({ cwd: t.root });
    const view = readHostView(file(t.root), key(t.root), vk)!;
    expect(view.plugins.map((p) => [p.name, p.meta, p.package.name])).toEqual(
      found.plugins.map((p) => [p.name, p.meta, p.package.name]),
    );
    expect(view.excluded.map((e) => [e.name, e.problem.code, e.problem.details])).toEqual([
      ['old', 'PB_INCOMPATIBLE', found.why('old')?.details],
    ]);
    // warm: the stored view answers, with the same result
    const warm = host().discover({ cwd: t.root });
    expect(warm.from).toBe('index');
    expect(warm.plugins.map((p) => [p.name, p.meta])).toEqual([['hello', { title: 'Hello' }]]);
    expect(warm.why('old')?.code).toBe('PB_INCOMPATIBLE');
  });

  it('a stored view of the wrong shape is rebuilt, never trusted', () => {
    using t = tree();
    host().discover({ cwd: t.root });
    const index = JSON.parse(readFileSync(file(t.root), 'utf8'));
    const entry = index.entries[key(t.root)];
    for (const broken of [
      { plugins: 'x' },
      { ...entry.views[vk], plugins: [{ name: 'hello', at: 99 }] },
      null,
    ]) {
      entry.views[vk] = broken;
      writeFileSync(file(t.root), JSON.stringify(index));
      expect(readHostView(file(t.root), key(t.root), vk)).toBeUndefined();
      expect(
        host()
          .discover({ cwd: t.root })
          .plugins.map((p) => p.name),
      ).toEqual(['hello']);
      expect(readHostView(file(t.root), key(t.root), vk)?.plugins.map((p) => p.name)).toEqual(['hello']);
    }
  });

  it('checks the packages a view points at: a malformed one is a miss, one it does not use is not read', () => {
    using t = tree();
    // a plugin of another host's group: in the scan, not in this host's view
    t.addPackage(fixturePlugin({ name: 'other-plugin', entries: { other: { x: 'export default {}' } } }));
    host().discover({ cwd: t.root });
    const index = JSON.parse(readFileSync(file(t.root), 'utf8'));
    const entry = index.entries[key(t.root)];
    const used = new Set(entry.views[vk].plugins.map((p: { at: number }) => p.at));
    const unused = entry.found.findIndex(
      (_: unknown, at: number) =>
        !used.has(at) && !entry.views[vk].excluded.some((e: { at: number }) => e.at === at),
    );
    expect(unused).toBeGreaterThanOrEqual(0);
    const good = entry.found[unused];
    entry.found[unused] = { source: 'user', pkg: 'not a package' };
    writeFileSync(file(t.root), JSON.stringify(index));
    expect(readHostView(file(t.root), key(t.root), vk)?.plugins.map((p) => p.name)).toEqual(['hello']);
    entry.found[unused] = good;
    entry.found[[...used][0] as number] = { source: 'user', pkg: 'not a package' };
    writeFileSync(file(t.root), JSON.stringify(index));
    expect(readHostView(file(t.root), key(t.root), vk)).toBeUndefined();
  });

  it('a changed package invalidates the stored view with the scan', () => {
    using t = tree();
    host().discover({ cwd: t.root });
    t.addPackage(
      fixturePlugin({
        name: 'new-plugin',
        peerDependencies: { 'greeter-host': '^2.0.0' },
        entries: { greeter: { fresh: 'export default {}' } },
        manifest: { greeter: { title: 'New' } },
      }),
    );
    expect(readHostView(file(t.root), key(t.root), vk)).toBeUndefined();
  });

  it('mergeProvided: built-ins lose to discovered plugins with a warning, explicit ones win', () => {
    const problems: { code: string; message: string }[] = [];
    const found = { name: 'a', source: 'user', package: { name: 'pkg', version: '1.0.0' } };
    const builtIn = { name: 'a', source: 'provided', package: { name: 'host', version: '2.0.0' } };
    expect(mergeProvided('g', [found], [builtIn], problems)).toEqual([found]);
    expect(problems[0]?.message).toContain('an installed plugin takes precedence');
    const first = { ...builtIn, precedence: 'first' as const };
    expect(mergeProvided('g', [found], [first], problems)).toEqual([first]);
  });
});
