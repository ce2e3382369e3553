import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineHost } from '@plugboard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { defineCliPlugin } from '../src/index.js';
import { createHost, writePackage } from './fixtures.js';

/** A second kind of plugin the CLI's `plugins` group manages: widgets of a dashboard host. */
const widgetHost = defineHost<{ title: string }>({
  group: 'widget',
  adapter: { name: '@acme/widgets', version: '2.1.0' },
  guard: (v) => (typeof (v as { title?: unknown })?.title === 'string' ? undefined : 'it has no title'),
});

function widgetPackage(dir: string, name: string, peer: string) {
  return writePackage(
    dir,
    {
      name,
      version: '1.0.0',
      peerDependencies: { '@acme/widgets': peer },
      plugboard: { description: `${name}'s clock`, entryPoints: { widget: { clock: './index.js' } } },
    },
    { 'index.js': "export default { title: 'Clock' };" },
  );
}

describe('pluginHosts: the plugins group also manages another host kind', () => {
  // `dash widgets` runs the other host on what `plugins` put in place (ctx.pluginSources).
  const widgets = defineCliPlugin({
    name: 'widgets',
    defaults: {},
    commands(group, ctx) {
      group.command('titles').action(async () => {
        const found = widgetHost.discover({
          cwd: ctx.paths.dataDir,
          sources: { ...ctx.pluginSources, paths: [...ctx.pluginSources.paths], dependencies: false },
          cache: false,
        });
        const titles = await Promise.all(found.plugins.map(async (p) => (await p.load()).title));
        ctx.output({ titles, pluginsDir: ctx.paths.pluginsDir }, titles.join(', '));
      });
    },
  });
  const host = createHost({ name: 'dash', plugins: [widgets], pluginHosts: [widgetHost] });
  afterAll(() => host.cleanup());

  it('links a widget package, lists it with its host, and the command finds it through ctx.pluginSources', async () => {
    mkdirSync(host.home, { recursive: true });
    const dir = widgetPackage(join(host.home, 'clock'), 'acme-clock', '^2.0.0');
    const link = await host.run(['plugins', 'link', dir, '--json']);
    expect(link.code, link.err).toBe(0);
    expect(JSON.parse(link.out)).toMatchObject({ package: 'acme-clock', host: 'widget', groups: ['clock'] });
    const text = await host.run(['plugins', 'list']);
    expect(text.out).toMatch(/^clock\s+acme-clock@1\.0\.0 \(linked, widget plugin\)$/m);
    const rows = JSON.parse((await host.run(['plugins', 'list', '--json'])).out);
    expect(rows).toContainEqual(
      expect.objectContaining({
        group: 'clock',
        host: 'widget',
        origin: 'linked',
        description: "acme-clock's clock",
      }),
    );
    const titles = await host.run(['widgets', 'titles', '--json']);
    expect(JSON.parse(titles.out)).toEqual({ titles: ['Clock'], pluginsDir: host.pluginsDir });
    expect((await host.run(['plugins', 'unlink', 'acme-clock'])).out).toContain('Unlinked');
    expect(JSON.parse((await host.run(['widgets', 'titles', '--json'])).out).titles).toEqual([]);
  });

  it("refuses a widget made for another version of the widget host's adapter, naming that adapter", async () => {
    const dir = widgetPackage(join(host.home, 'old-clock'), 'acme-old-clock', '^1.0.0');
    const r = await host.run(['plugins', 'link', dir, '--json']);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('PB_CLI_INCOMPATIBLE');
    expect(r.error?.message).toContain(
      'acme-old-clock@1.0.0 needs @acme/widgets@^1.0.0, but this host has @acme/widgets@2.1.0',
    );
  });

  it('a folder that is neither kind names both entry groups', async () => {
    const dir = writePackage(join(host.home, 'plain'), { name: 'plain', version: '1.0.0' });
    const r = await host.run(['plugins', 'link', dir, '--json']);
    expect(r.error?.code).toBe('PB_CLI_LINK_INVALID');
    expect(r.error?.message).toContain('"plugboard.entryPoints.cli" or "plugboard.entryPoints.widget"');
    expect(r.error?.message).toContain('CLI command groups or widget plugins');
  });

  it('plugins list shows a linked folder that no longer offers anything, and a widget the host refuses', async () => {
    const dir = widgetPackage(join(host.home, 'typo'), 'acme-typo', '^2.0.0');
    expect((await host.run(['plugins', 'link', dir])).code).toBe(0);
    // the author renames the entry group by mistake after linking
    writePackage(dir, {
      name: 'acme-typo',
      version: '1.0.0',
      plugboard: { entryPoints: { widgte: { clock: './index.js' } } },
    });
    const text = await host.run(['plugins', 'list']);
    expect(text.out).toContain(
      `acme-typo@1.0.0 (linked): ${dir} declares no plugboard.entryPoints.cli or plugboard.entryPoints.widget entry this host can use; fix it, or \`dash plugins unlink ${dir}\``,
    );
    const rows = JSON.parse((await host.run(['plugins', 'list', '--json'])).out);
    expect(rows).toContainEqual(
      expect.objectContaining({
        package: 'acme-typo',
        origin: 'linked',
        problem: expect.objectContaining({ code: 'PB_CLI_LINK_INVALID' }),
      }),
    );
    // a widget whose metadata the widget host refuses is listed as excluded, with the reason
    writePackage(dir, {
      name: 'acme-typo',
      version: '1.0.0',
      peerDependencies: { '@acme/widgets': '^1.0.0' },
      plugboard: { entryPoints: { widget: { clock: './index.js' } } },
    });
    const refused = JSON.parse((await host.run(['plugins', 'list', '--json'])).out);
    expect(refused).toContainEqual(
      expect.objectContaining({
        group: 'clock',
        host: 'widget',
        origin: 'excluded',
        problem: expect.objectContaining({ code: 'PB_INCOMPATIBLE' }),
      }),
    );
    expect((await host.run(['plugins', 'unlink', dir])).code).toBe(0);
  });

  it("links the other host's adapter into the store as the host app resolves it", async () => {
    // root: this package, whose node_modules has @plugboard/core; pretend it is the widget adapter's name
    const coreHost = defineHost({ group: 'gadget', adapter: { name: '@plugboard/core', version: '0.1.0' } });
    const app = createHost({
      name: 'gadgets',
      root: join(import.meta.dirname, '..'),
      pluginHosts: [coreHost],
    });
    try {
      mkdirSync(join(app.pluginsDir, 'node_modules'), { recursive: true });
      expect((await app.run(['plugins', 'list'])).code).toBe(0);
      expect(lstatSync(join(app.pluginsDir, 'node_modules', '@plugboard', 'core')).isSymbolicLink()).toBe(
        true,
      );
      expect(lstatSync(join(app.pluginsDir, 'node_modules', '@plugboard', 'cli')).isSymbolicLink()).toBe(
        true,
      );
    } finally {
      app.cleanup();
    }
  });
});
