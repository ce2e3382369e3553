import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDir, createHost, pluginSource, writePackage } from './fixtures.js';

function cliPackage(name: string, version: string, peer: string, group = 'greet') {
  return {
    json: {
      name,
      version,
      peerDependencies: { '@plugboard/cli': peer },
      plugboard: {
        entryPoints: { cli: { [group]: './index.js' } },
        cli: { [group]: { description: `${group} from ${name}@${version}` } },
      },
    },
    files: { 'index.js': pluginSource(group) },
  };
}

describe('plugins install/update/uninstall against a local registry', () => {
  const host = createHost();
  let registry: TestRegistry;
  const publish = (p: { json: Record<string, unknown>; files: Record<string, string> }) =>
    registry.publish(
      writePackage(join(host.home, 'src', `${p.json.name}-${p.json.version}`), p.json, p.files),
    );
  const run = (argv: string[]) => host.run(argv, { env: registry.env });
  const userDeps = (): Record<string, string> =>
    JSON.parse(readFileSync(join(host.pluginsDir, 'package.json'), 'utf8')).dependencies ?? {};

  beforeAll(async () => {
    mkdirSync(host.home, { recursive: true });
    registry = await startRegistry({ from: cliDir });
    publish(cliPackage('pb-greet', '1.0.0', '^0.1.0'));
    publish(cliPackage('pb-future', '1.0.0', '^9.0.0', 'future'));
    publish({ json: { name: 'plain-lib', version: '1.0.0' }, files: { 'index.js': 'export default 1' } });
  });
  afterAll(async () => {
    await registry?.stop();
    host.cleanup();
  });

  it('installs a compatible plugin with progress lines, and runs its command', async () => {
    const r = await run(['plugins', 'install', 'pb-greet@^1.0.0']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('Installing pb-greet@^1.0.0…');
    expect(r.out).toContain('Installed pb-greet@1.0.0 (commands: greet)');
    expect(await run(['greet', 'run', 'Ann'])).toMatchObject({ code: 0, out: 'Hello Ann from greet\n' });
    const list = JSON.parse((await run(['plugins', 'list', '--json'])).out);
    expect(list).toContainEqual(
      expect.objectContaining({ group: 'greet', package: 'pb-greet', version: '1.0.0', origin: 'user' }),
    );
  });

  it('rejects a package that is not a plugin and rolls back', async () => {
    const r = await run(['plugins', 'install', 'plain-lib', '--json']);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('PB_CLI_NOT_A_PLUGIN');
    expect(r.error?.message).toContain('is not a tool plugin');
    expect(userDeps()).not.toHaveProperty('plain-lib');
    expect(existsSync(join(host.pluginsDir, 'node_modules', 'plain-lib'))).toBe(false);
    expect((await run(['greet', 'run', 'Ann'])).code).toBe(0);
  });

  it('rejects an incompatible plugin (peer range on @plugboard/cli) and rolls back', async () => {
    const r = await run(['plugins', 'install', 'pb-future', '--json']);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('PB_CLI_INCOMPATIBLE');
    expect(r.error?.message).toContain('pb-future@1.0.0 needs @plugboard/cli@^9.0.0');
    expect(userDeps()).not.toHaveProperty('pb-future');
    expect(existsSync(join(host.pluginsDir, 'node_modules', 'pb-future'))).toBe(false);
  });

  it('reports a package the registry does not have', async () => {
    const r = await run(['plugins', 'install', 'pb-missing', '--json']);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('PB_CLI_INSTALL_FAILED');
    expect(r.error?.message).toContain('npm install --save pb-missing');
  });

  it('update: rejects an incompatible new version and keeps the old one; takes a compatible one', async () => {
    publish(cliPackage('pb-greet', '1.1.0', '^9.0.0'));
    const bad = await run(['plugins', 'update', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.error?.code).toBe('PB_CLI_INCOMPATIBLE');
    const kept = JSON.parse(
      readFileSync(join(host.pluginsDir, 'node_modules', 'pb-greet', 'package.json'), 'utf8'),
    );
    expect(kept.version).toBe('1.0.0');
    expect((await run(['greet', 'run', 'Ann'])).code).toBe(0);

    publish(cliPackage('pb-greet', '1.2.0', '^0.1.0'));
    const good = await run(['plugins', 'update', 'pb-greet']);
    expect(good.code, good.err).toBe(0);
    expect(good.out).toContain('pb-greet: 1.0.0 -> 1.2.0');
    expect((await run(['greet', 'version'])).out).toBe('pb-greet 1.2.0\n');
  });

  it('linked plugins take precedence over installed ones, with a warning; uninstall removes both', async () => {
    const linkDir = writePackage(
      join(host.home, 'linked'),
      { ...cliPackage('pb-greet-dev', '0.0.1', '^0.1.0').json },
      {
        'index.js': pluginSource('greet').replace('from greet', 'from the linked copy'),
      },
    );
    expect((await run(['plugins', 'link', linkDir])).code).toBe(0);
    const r = await run(['greet', 'run', 'Ann']);
    expect(r.out).toBe('Hello Ann from the linked copy\n');
    expect(r.err).toContain('using pb-greet-dev@0.0.1 because the path source takes precedence over user');
    expect((await run(['plugins', 'uninstall', 'pb-greet-dev'])).code).toBe(0);
    expect((await run(['greet', 'run', 'Ann'])).out).toBe('Hello Ann from greet\n');

    const un = await run(['plugins', 'uninstall', 'pb-greet']);
    expect(un.code, un.err).toBe(0);
    expect(userDeps()).not.toHaveProperty('pb-greet');
    const gone = await run(['greet', 'run', 'Ann']);
    expect(gone.code).toBe(2);
    expect(gone.err).toContain("unknown command 'greet'");
  });

  it('uninstall of something not installed and link of a non-plugin folder fail clearly', async () => {
    const un = await run(['plugins', 'uninstall', 'pb-nothing', '--json']);
    expect(un.error).toMatchObject({ code: 'PB_CLI_NOT_INSTALLED' });
    expect(un.error?.message).toContain('pb-nothing is not installed');
    const dir = writePackage(join(host.home, 'not-plugin'), { name: 'not-plugin', version: '1.0.0' });
    const link = await run(['plugins', 'link', dir, '--json']);
    expect(link.code).toBe(1);
    expect(link.error?.code).toBe('PB_CLI_LINK_INVALID');
    expect(link.error?.message).toContain('is not a tool plugin');
  });
});
