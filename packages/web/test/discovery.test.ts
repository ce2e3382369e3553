import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebHost, webHost } from '../src/index.js';
import { tempDir } from './helpers.js';

const trees: { cleanup(): void }[] = [];
afterEach(() => {
  while (trees.length) trees.pop()!.cleanup();
});

const peer = { '@plugboard/web': '^0.1.0' };

function tree() {
  const t = createPackageTree({
    packages: [
      fixturePlugin({
        name: 'plugboard-web-hello',
        peerDependencies: peer,
        entries: {
          web: {
            hello: `globalThis.__helloImported = true;
export default { name: 'hello', routes(app, ctx) { app.get('/', async () => ({ hi: ctx.config.who })); } };`,
          },
        },
        manifest: {
          web: {
            displayName: 'Hello',
            category: 'ui',
            config: { defaults: { who: 'world' } },
            ui: { widgets: [{ id: 'hi', title: 'Greeting', endpoint: '/', kind: 'json' }] },
          },
        },
      }),
      fixturePlugin({
        name: 'plugboard-web-broken-meta',
        peerDependencies: peer,
        entries: { web: { broken: 'export default { name: "broken" };' } },
        manifest: { web: { category: 7, permissions: ['root'] } },
      }),
      fixturePlugin({
        name: 'plugboard-web-old',
        peerDependencies: { '@plugboard/web': '^9.0.0' },
        entries: { web: { old: 'export default { name: "old" };' } },
      }),
    ],
  });
  trees.push(t);
  return t;
}

describe('discovery through core’s host kit', () => {
  it('reads validated plugboard.web metadata without importing plugin code', () => {
    const t = tree();
    const found = webHost.discover({ cwd: t.root, cache: false });
    expect(found.plugins.map((p) => p.name)).toEqual(['hello']);
    expect(found.get('hello')?.meta).toMatchObject({ displayName: 'Hello', category: 'ui', permissions: [] });
    expect((globalThis as { __helloImported?: boolean }).__helloImported).toBeUndefined();
    const byName = Object.fromEntries(found.excluded.map((e) => [e.name, e.problem]));
    expect(byName.broken?.message).toMatch(/plugboard\.web\.category/);
    expect(byName.broken?.message).toMatch(/plugboard\.web\.permissions\.0/);
    expect(byName.old?.code).toBe('PB_INCOMPATIBLE');
  });

  it('starts discovered plugins and lists excluded ones as failed in the summary', async () => {
    const t = tree();
    const host = createWebHost({ cwd: t.root, cache: false, env: {}, dataDir: tempDir() });
    try {
      await host.start();
      expect((await host.app.inject('/api/hello/')).json()).toEqual({ hi: 'world' });
      const rows = Object.fromEntries(host.plugins().map((p) => [p.name, p]));
      expect(rows.hello).toMatchObject({
        state: 'enabled',
        displayName: 'Hello',
        package: 'plugboard-web-hello',
        source: 'dependencies',
      });
      expect(rows.broken).toMatchObject({ state: 'excluded', error: { code: 'PB_META_INVALID' } });
    } finally {
      await host.close();
    }
  });

  it('only: a name that is not there rejects start with a did-you-mean, an excluded one with its real reason', async () => {
    const t = tree();
    const typo = createWebHost({ cwd: t.root, cache: false, env: {}, dataDir: tempDir(), only: ['helo'] });
    await expect(typo.start()).rejects.toMatchObject({
      code: 'PB_WEB_PLUGIN_UNKNOWN',
      message: expect.stringContaining(
        'cannot start only "helo": no web plugin named "helo" is installed. Did you mean "hello"?',
      ),
    });
    await typo.close();
    const broken = createWebHost({
      cwd: t.root,
      cache: false,
      env: {},
      dataDir: tempDir(),
      only: ['broken'],
    });
    await expect(broken.start()).rejects.toMatchObject({
      code: 'PB_WEB_PLUGIN_UNKNOWN',
      message: expect.stringMatching(/cannot start only "broken": .*invalid plugboard\.web metadata/),
    });
    await broken.close();
  });
});
