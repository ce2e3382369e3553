import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tryFastHelp } from '@plugboard/cli';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { createHost, pluginSource } from './fixtures.js';

type Index = {
  version: number;
  entries: Record<string, { views?: Record<string, unknown> } & Record<string, unknown>>;
};

// The CLI keeps no index of its own: help reads the host's view stored in core's one
// discovery index. Every wrong shape of that file is a miss: rescanned and rewritten.
const breakages: Record<string, (i: Index) => unknown> = {
  'file is null': () => null,
  'old command index layout': () => ({ version: 1, key: 'x', groups: 'x', problems: null }),
  'entries is a string': (i) => ({ ...i, entries: 'x' }),
  'view is a string': (i) => mapViews(i, () => 'x'),
  'view plugins is null': (i) => mapViews(i, (v) => ({ ...(v as object), plugins: null })),
  'view points at a package that is not there': (i) =>
    mapViews(i, (v) => ({
      ...(v as object),
      plugins: [{ name: 'alpha', at: 42, source: 'dependencies', value: '', requires: {} }],
    })),
  'view problems without codes': (i) =>
    mapViews(i, (v) => ({ ...(v as object), problems: [{ message: 'm' }] })),
};

function mapViews(index: Index, fn: (v: unknown) => unknown): Index {
  const entries = Object.fromEntries(
    Object.entries(index.entries).map(([k, e]) => [
      k,
      { ...e, views: Object.fromEntries(Object.entries(e.views ?? {}).map(([vk, v]) => [vk, fn(v)])) },
    ]),
  );
  return { ...index, entries };
}

describe('a discovery index of the wrong shape heals itself', () => {
  for (const [name, breakIt] of Object.entries(breakages)) {
    it(`${name}: help, commands and config reset work; the index is rewritten`, async () => {
      using tree = createPackageTree({
        packages: [
          fixturePlugin({
            name: 'pkg-a',
            peerDependencies: { '@plugboard/cli': '^0.1.0' },
            entries: { cli: { alpha: pluginSource('alpha') } },
            manifest: { cli: { alpha: { description: 'the alpha group' } } },
          }),
        ],
      });
      using host = createHost({ root: tree.root });
      const file = join(host.dataDir, 'cache', 'discovery.json');
      expect((await host.run(['--help'])).code).toBe(0);
      const good = JSON.parse(readFileSync(file, 'utf8')) as Index;
      writeFileSync(file, JSON.stringify(breakIt(good)));
      const options = {
        name: 'tool',
        version: '1.2.3',
        root: tree.root,
        configDir: host.configDir,
        dataDir: host.dataDir,
        env: {},
      };
      expect(tryFastHelp(options, ['--help'])).toBeUndefined(); // a miss, never a crash
      const help = await host.run(['--help']);
      expect(help).toMatchObject({ code: 0, err: '' });
      expect(help.out).toContain('the alpha group');
      expect(await host.run(['alpha', 'run', 'Ann'])).toMatchObject({
        code: 0,
        out: 'Hello Ann from alpha\n',
      });
      expect((await host.run(['config', 'reset', '--yes'])).code).toBe(0);
      // rewritten: the fast path answers again
      expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(good.version);
      const sink = new PassThrough();
      expect(tryFastHelp({ ...options, stdout: sink, stderr: sink }, ['--help'])).toBe(0);
      expect(String(sink.read())).toContain('the alpha group');
    });
  }
});
