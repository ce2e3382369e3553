import { defineHost, ErrorCodes } from '@plugboard/core';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

type Factory = (options: { name: string }) => { name: string; started: boolean };

const host = defineHost<Factory>({
  group: 'feature',
  adapter: { name: 'feature-host', version: '3.0.0' },
  guard: (v) => (typeof v === 'function' ? undefined : 'expected a factory function'),
});

const feature = (name: string, requires: Record<string, string> = {}, peer = '^3.0.0', version = '1.0.0') =>
  fixturePlugin({
    name: `${name}-pkg`,
    version,
    peerDependencies: { 'feature-host': peer },
    requires,
    entries: { feature: { [name]: 'export default ({ name }) => ({ name, started: false })' } },
  });

describe('host.lifecycle()', () => {
  it('starts in requires order through create(), and hooks see the discovered plugin', async () => {
    using tree = createPackageTree({
      packages: [feature('web', { db: '^1.0.0' }), feature('db'), feature('extra')],
    });
    const found = host.discover({ cwd: tree.root, cache: false });
    const calls: string[] = [];
    const life = host.lifecycle(found, {
      create: (factory, plugin) => factory({ name: plugin.name }),
      hooks: {
        start: ({ instance, plugin }) => {
          instance.started = true;
          calls.push(`start ${instance.name} (${plugin.package.name})`);
        },
        stop: ({ id }) => {
          calls.push(`stop ${id}`);
        },
      },
    });
    const report = await life.start();
    expect(report.ok).toBe(true);
    expect(calls).toEqual(['start db (db-pkg)', 'start web (web-pkg)', 'start extra (extra-pkg)']);
    expect(life.instance('web')).toEqual({ name: 'web', started: true });
    calls.length = 0;
    await life.stop();
    expect(calls).toEqual(['stop extra', 'stop web', 'stop db']);
  });

  it('an incompatible provider fails with its real reason and its dependents are skipped citing it', async () => {
    using tree = createPackageTree({
      packages: [feature('web', { db: '^1.0.0' }), feature('db', {}, '^2.0.0'), feature('api', { web: '*' })],
    });
    const found = host.discover({ cwd: tree.root, cache: false });
    const report = await host.lifecycle(found).start();
    expect(report.ok).toBe(false);
    const byId = Object.fromEntries(report.plugins.map((p) => [p.id, p]));
    expect(byId.db).toMatchObject({ state: 'failed', error: { code: ErrorCodes.INCOMPATIBLE } });
    expect(byId.web).toMatchObject({
      state: 'skipped',
      error: {
        code: ErrorCodes.DEPENDENCY_FAILED,
        details: { dependency: 'db', reason: ErrorCodes.INCOMPATIBLE },
      },
    });
    expect(byId.web!.error!.message).toContain('needs feature-host@^2.0.0 but 3.0.0 is installed');
    expect(byId.api).toMatchObject({ state: 'skipped', error: { details: { dependency: 'web' } } });
  });

  it('starts only the plugins asked for and what they require', async () => {
    using tree = createPackageTree({
      packages: [feature('web', { db: '^1.0.0' }), feature('db'), feature('extra')],
    });
    const found = host.discover({ cwd: tree.root, cache: false });
    const report = await host.lifecycle(found, { only: ['web'] }).start();
    expect(report.plugins.map((p) => [p.id, p.state])).toEqual([
      ['db', 'enabled'],
      ['web', 'enabled'],
    ]);
  });

  it('a plugin missing a requirement is reported with PB_REQUIRE_MISSING', async () => {
    using tree = createPackageTree({ packages: [feature('web', { auth: '^1.0.0' })] });
    const found = host.discover({ cwd: tree.root, cache: false });
    const report = await host.lifecycle(found).start();
    expect(report.plugins[0]).toMatchObject({
      id: 'web',
      state: 'failed',
      error: { code: ErrorCodes.REQUIRE_MISSING },
    });
  });

  it('a create() that throws fails that plugin alone and it is never started', async () => {
    using tree = createPackageTree({ packages: [feature('good'), feature('bad')] });
    const found = host.discover({ cwd: tree.root, cache: false });
    const started: string[] = [];
    const report = await host
      .lifecycle(found, {
        create: (factory, plugin) => {
          if (plugin.name === 'bad') throw new Error('no config for bad');
          return factory({ name: plugin.name });
        },
        hooks: { start: ({ id }) => void started.push(id) },
      })
      .start();
    expect(started).toEqual(['good']);
    expect(report.plugins.find((p) => p.id === 'bad')).toMatchObject({
      state: 'failed',
      error: { code: ErrorCodes.HOOK_FAILED },
    });
    expect(report.plugins.find((p) => p.id === 'bad')!.error!.message).toContain('no config for bad');
  });

  it('timeoutFor gives one plugin its own hook timeout', async () => {
    using tree = createPackageTree({ packages: [feature('slow'), feature('quick')] });
    const found = host.discover({ cwd: tree.root, cache: false });
    const report = await host
      .lifecycle(found, {
        timeoutMs: 5_000,
        timeoutFor: (plugin) => (plugin.name === 'slow' ? 20 : undefined),
        hooks: { start: ({ id }) => new Promise((r) => setTimeout(r, id === 'slow' ? 200 : 1)) },
      })
      .start();
    expect(report.plugins.map((p) => [p.id, p.state, p.error?.code])).toEqual([
      ['slow', 'failed', ErrorCodes.HOOK_TIMEOUT],
      ['quick', 'enabled', undefined],
    ]);
    expect(report.plugins[0]!.error!.message).toContain('within 20 ms');
  });
});
