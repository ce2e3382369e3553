import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, CliErrorCodes, defineCliPlugin, isCliError } from '@plugboard/cli';
import { PlugboardError } from '@plugboard/core';
import { createPackageTree, type FixturePackage, fixturePlugin } from '@plugboard/testing';
import { lock } from 'proper-lockfile';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, pluginSource } from './fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(packages: FixturePackage[] = [], extra = {}) {
  const tree = createPackageTree({ packages });
  const host = createHost({ root: tree.root, ...extra });
  cleanups.push(() => tree.cleanup(), host.cleanup);
  return { tree, host };
}

const cli = (
  pkg: string,
  group: string,
  o: { body?: string; requires?: Record<string, string>; peer?: string } = {},
) =>
  fixturePlugin({
    name: pkg,
    entries: { cli: { [group]: pluginSource(group, o.body ?? '') } },
    peerDependencies: { '@plugboard/cli': o.peer ?? '^0.1.0' },
    ...(o.requires ? { requires: o.requires } : {}),
  });

describe('one error family', () => {
  it('CliError is a PlugboardError whose prefix is added once', () => {
    const e = new CliError(CliErrorCodes.USAGE, 'bad', { cli: 'tool' });
    expect(e).toBeInstanceOf(PlugboardError);
    expect(isCliError(e)).toBe(true);
    expect(e.message).toBe('tool: bad');
    expect(new CliError(CliErrorCodes.USAGE, 'tool: already').message).toBe('@plugboard/cli: tool: already');
    expect(new CliError(CliErrorCodes.USAGE, 'tool: already', { cli: 'tool' }).message).toBe('tool: already');
    expect(e.exitCode).toBe(2);
    expect(new CliError(CliErrorCodes.COMMAND_FAILED, 'x').exitCode).toBe(1);
    expect(Object.values(CliErrorCodes).every((c) => c.startsWith('PB_CLI_'))).toBe(true);
  });

  it('PB_CLI_PLUGIN_INVALID: defineCliPlugin checks the name and commands() at definition time', () => {
    const bad = () => defineCliPlugin({ name: 'Bad Name', defaults: {}, commands() {} });
    expect(bad).toThrow(expect.objectContaining({ code: 'PB_CLI_PLUGIN_INVALID' }));
    expect(bad).toThrow(
      /^@plugboard\/cli: plugin name "Bad Name" is not a valid command group name; use lower-case/,
    );
    expect(() => defineCliPlugin({ name: 'config', defaults: {}, commands() {} })).toThrow(/not "config"/);
    expect(() => defineCliPlugin({ name: 'ok', defaults: {} } as never)).toThrow(
      expect.objectContaining({
        code: 'PB_CLI_PLUGIN_INVALID',
        message: expect.stringContaining('has no commands(group, ctx)'),
      }),
    );
  });

  it('PB_CLI_USAGE: help <unknown> is a usage error with a did-you-mean', async () => {
    const { host } = setup([cli('pkg-a', 'alpha')]);
    const r = await host.run(['help', 'alpah', '--json']);
    expect(r.code).toBe(2);
    expect(r.error?.code).toBe('PB_CLI_USAGE');
    expect(r.error?.message).toBe(
      'tool: there is no command "alpah". Did you mean "alpha"? Run `tool --help` for the list.',
    );
    expect(r.out).toBe('');
  });

  it('PB_CLI_COMMAND_FAILED: a throwing command names its plugin and package, with a --verbose hint', async () => {
    const body = `export const boom = 1;`;
    const { host } = setup([
      fixturePlugin({
        name: 'pkg-boom',
        peerDependencies: { '@plugboard/cli': '^0.1.0' },
        entries: {
          cli: {
            boom: `${body}
export default { name: 'boom', defaults: {}, commands(g) { g.command('go').action(() => { throw new Error('disk on fire.'); }); } };`,
          },
        },
      }),
    ]);
    const r = await host.run(['boom', 'go', '--json']);
    expect(r.code).toBe(1);
    expect(r.error).toMatchObject({ code: 'PB_CLI_COMMAND_FAILED' });
    expect(r.error?.message).toBe(
      'tool: the "boom" command from pkg-boom@1.0.0 (bundled) failed: disk on fire. Rerun with --verbose for the stack. If it keeps failing, report it to the plugin\'s authors.',
    );
    const verbose = await host.run(['boom', 'go', '--verbose']);
    expect(verbose.err).toContain('at ');
    expect(verbose.err).not.toContain('Rerun with --verbose');
  });

  it('PB_CLI_REQUIRE_FAILED: a group whose required group is missing or incompatible says the real reason', async () => {
    const { host } = setup([
      cli('pkg-needs', 'needs', { requires: { base: '^1.0.0' } }),
      cli('pkg-uses', 'uses', { requires: { old: '^1.0.0' } }),
      cli('pkg-old', 'old', { peer: '^9.0.0' }),
      cli('pkg-ok', 'ok', { requires: { base2: '^1.0.0' } }),
      cli('pkg-base2', 'base2'),
    ]);
    const missing = await host.run(['needs', 'run', 'x', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.error?.code).toBe('PB_CLI_REQUIRE_FAILED');
    expect(missing.error?.message).toMatch(
      /^tool: the "needs" commands from pkg-needs@1.0.0 cannot run: .*base/,
    );
    expect(missing.error?.details?.reason).toMatch(/^PB_REQUIRE_MISSING$/);
    const incompatible = await host.run(['uses', 'run', 'x', '--json']);
    expect(incompatible.error?.code).toBe('PB_CLI_REQUIRE_FAILED');
    expect(incompatible.error?.message).toContain('@plugboard/cli');
    expect(incompatible.error?.details?.reason).toBe('PB_DEPENDENCY_FAILED');
    // a satisfied requirement is loaded first, and the command runs
    expect(await host.run(['ok', 'run', 'Ann'])).toMatchObject({ code: 0, out: 'Hello Ann from ok\n' });
  });

  it('PB_CLI_INSTALL_FAILED: npm that cannot be run is named', async () => {
    const { host } = setup([], { npm: { command: 'no-such-npm-here' } });
    const r = await host.run(['plugins', 'install', 'anything', '--json']);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('PB_CLI_INSTALL_FAILED');
    expect(r.error?.message).toMatch(
      /^tool: could not run no-such-npm-here .*install npm or put it on PATH\.$/,
    );
  });

  it('PB_CLI_BUSY: a shared file locked by another command fails after the bounded wait, writing nothing', async () => {
    const { host } = setup([cli('pkg-a', 'alpha')], { lockWaitMs: 300 });
    mkdirSync(host.configDir, { recursive: true });
    const release = await lock(host.configFile, { realpath: false });
    try {
      const r = await host.run(['config', 'edit', 'alpha', '--set', 'greeting=Hi', '--json']);
      expect(r.code).toBe(1);
      expect(r.error?.code).toBe('PB_CLI_BUSY');
      expect(r.error?.message).toBe(
        `tool: the config file (${host.configFile}) is in use by another tool command; waited 0.3 s. Let it finish and retry; if no other tool is running, the lock clears itself within 5 s.`,
      );
    } finally {
      await release();
    }
    expect((await host.run(['config', 'edit', 'alpha', '--set', 'greeting=Hi'])).code).toBe(0);
  });

  it('PB_CLI_NOT_A_PLUGIN / PB_CLI_LINK_INVALID: link checks entry modules and the package’s own dependencies', async () => {
    const { host } = setup();
    const dir = join(host.home, 'mine');
    mkdirSync(dir, { recursive: true });
    const pkg = (extra: object) =>
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({
          name: 'mine',
          version: '1.0.0',
          type: 'module',
          peerDependencies: { '@plugboard/cli': '^0.1.0' },
          plugboard: { entryPoints: { cli: { mine: './dist/index.js' } } },
          ...extra,
        }),
      );
    pkg({});
    const unbuilt = await host.run(['plugins', 'link', dir, '--json']);
    expect(unbuilt.error?.code).toBe('PB_CLI_LINK_INVALID');
    expect(unbuilt.error?.message).toContain(
      'names entry modules that do not exist (./dist/index.js); build the plugin',
    );
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'index.js'), pluginSource('mine'));
    pkg({ dependencies: { 'left-pad-nowhere': '^1.0.0' } });
    const undeps = await host.run(['plugins', 'link', dir, '--json']);
    expect(undeps.error?.message).toContain(
      `needs left-pad-nowhere, which is not installed; run \`npm install\` in ${dir} first.`,
    );
    const installed = await host.run(['plugins', 'install', dir, '--json']);
    expect(installed.error?.code).toBe('PB_CLI_NOT_A_PLUGIN');
  });
});
