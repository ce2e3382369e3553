import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcileStore } from '../src/plugins/reconcile.js';
import { sweepTemp } from '../src/plugins/store.js';
import { createHost, pluginSource, writePackage } from './fixtures.js';

describe('the plugin store', () => {
  it('sweeps temp files that killed atomic writes left, keeping fresh ones (a write in progress)', () => {
    using host = createHost();
    mkdirSync(host.configDir, { recursive: true });
    const old = join(host.configDir, 'config.yaml.123.ab12cd.tmp');
    const fresh = join(host.configDir, 'config.yaml.456.ef34gh.tmp');
    writeFileSync(old, 'x');
    writeFileSync(fresh, 'y');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    expect(sweepTemp(host.configDir)).toEqual([old]);
    expect(existsSync(fresh)).toBe(true);
  });

  it('sweeps old temp files at the start of any command, in the config, plugins and cache folders', async () => {
    using host = createHost();
    const hourAgo = new Date(Date.now() - 3_600_000);
    const left = [
      join(host.configDir, 'config.yaml.11.aa11bb.tmp'),
      join(host.pluginsDir, 'package.json.22.cc22dd.tmp'),
      join(host.dataDir, 'cache', 'discovery.json.33.ee33ff.tmp'),
    ];
    for (const file of left) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, 'half');
      utimesSync(file, hourAgo, hourAgo);
    }
    const keep = join(host.configDir, 'notes.txt');
    writeFileSync(keep, 'mine');
    const r = await host.run(['plugins', 'list', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(left.filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(keep)).toBe(true);
  });

  it('reconciles node_modules and the lockfile with package.json (orphans removed, needed kept)', () => {
    using host = createHost();
    const dir = host.pluginsDir;
    const pkg = (name: string, deps: Record<string, string> = {}) =>
      writePackage(join(dir, 'node_modules', name), { name, version: '1.0.0', dependencies: deps });
    pkg('wanted', { helper: '^1' });
    pkg('helper');
    pkg('orphan');
    pkg('@scope/half');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { wanted: '^1' } }));
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': {},
        'node_modules/wanted': { version: '1.0.0', dependencies: { helper: '^1' } },
        'node_modules/helper': { version: '1.0.0' },
        'node_modules/orphan': { version: '1.0.0' },
      },
    };
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
    expect(reconcileStore(dir).sort()).toEqual(['@scope/half', 'orphan']);
    expect(existsSync(join(dir, 'node_modules', 'helper'))).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')).packages)).toEqual([
      '',
      'node_modules/wanted',
      'node_modules/helper',
    ]);
  });

  it('link and unlink take relative paths; plugins list says "linked"', async () => {
    using host = createHost();
    const dir = writePackage(
      join(host.home, 'mine'),
      {
        name: 'mine',
        version: '1.0.0',
        peerDependencies: { '@plugboard/cli': '^0.1.0' },
        plugboard: { entryPoints: { cli: { mine: './index.js' } } },
      },
      { 'index.js': pluginSource('mine') },
    );
    const rel = relative(process.cwd(), dir);
    expect(rel.startsWith('/')).toBe(false);
    expect((await host.run(['plugins', 'link', rel])).code).toBe(0);
    expect((await host.run(['plugins', 'list', '--json'])).json()).toEqual([
      expect.objectContaining({ group: 'mine', package: 'mine', origin: 'linked' }),
    ]);
    expect((await host.run(['mine', 'run', 'Ann'])).out).toBe('Hello Ann from mine\n');
    expect(await host.run(['plugins', 'unlink', rel])).toMatchObject({ code: 0, out: `Unlinked ${dir}.\n` });
    expect((await host.run(['plugins', 'list'])).out).toBe('No plugins.\n');
    const none = await host.run(['plugins', 'unlink', rel, '--json']);
    expect(none.error?.code).toBe('PB_CLI_NOT_INSTALLED');
  });
});
