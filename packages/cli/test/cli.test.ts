import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCliPlugin } from '@plugboard/cli';
import { createPackageTree, type FixturePackage, fixturePlugin } from '@plugboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, pluginSource } from './fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(packages: FixturePackage[] = [], plugins = [] as never[]) {
  const tree = createPackageTree({ packages });
  const host = createHost({ root: tree.root, plugins });
  cleanups.push(() => tree.cleanup(), host.cleanup);
  return { tree, host };
}

const cliPlugin = (pkg: string, group: string, body = '', extra: Record<string, unknown> = {}) =>
  fixturePlugin({
    name: pkg,
    entries: { cli: { [group]: pluginSource(group, body) } },
    peerDependencies: { '@plugboard/cli': '^0.1.0' },
    manifest: { cli: { [group]: { description: `the ${group} group` } }, ...extra },
  });

describe('routing and help', () => {
  it('lists groups from static metadata in --help without importing any plugin', async () => {
    const marker = (n: string) =>
      `import { writeFileSync } from 'node:fs'; writeFileSync(process.env.MARK_DIR + '/${n}', '1');`;
    const { host } = setup([
      cliPlugin('pkg-a', 'alpha', marker('alpha')),
      cliPlugin('pkg-b', 'beta', marker('beta')),
    ]);
    // the fixture modules read process.env (the host's env option is for the CLI only)
    process.env.MARK_DIR = host.home;
    cleanups.push(() => delete process.env.MARK_DIR);
    const env = {};
    const help = await host.run(['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.out).toContain('the alpha group');
    expect(help.out).toContain('--non-interactive');
    expect(existsSync(join(host.home, 'alpha'))).toBe(false);

    const run = await host.run(['beta', 'run', 'Ann'], { env });
    expect(run).toMatchObject({ code: 0, out: 'Hello Ann from beta\n' });
    expect(existsSync(join(host.home, 'beta'))).toBe(true);
    // only the command that runs is imported
    expect(existsSync(join(host.home, 'alpha'))).toBe(false);
  });

  it('parses shared modifiers anywhere, before plugins load', async () => {
    const { host } = setup([cliPlugin('pkg-a', 'alpha')]);
    const r = await host.run(['--dry-run', 'alpha', 'run', 'Ann', '--json', '--yes']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).flags).toEqual({
      verbose: false,
      dryRun: true,
      yes: true,
      nonInteractive: false,
      json: true,
    });
  });

  it('answers `<group> version` from metadata', async () => {
    const { host } = setup([cliPlugin('pkg-a', 'alpha')]);
    expect(await host.run(['alpha', 'version'])).toMatchObject({ code: 0, out: 'pkg-a 1.0.0\n' });
  });

  it('prints help with exit 0 when run without arguments', async () => {
    const { host } = setup();
    const r = await host.run([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: tool');
  });
});

describe('bad input', () => {
  it('unknown flag: exit 2 with the flag named', async () => {
    const { host } = setup([cliPlugin('pkg-a', 'alpha')]);
    const r = await host.run(['alpha', 'run', 'Ann', '--lodu', '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("error: unknown option '--lodu'");
    expect(r.err).toMatch(/\(run `\S+ alpha run --help` for usage\)/);
    expect(r.error).toMatchObject({ code: 'PB_CLI_USAGE' });
  });

  it('missing argument: exit 2', async () => {
    const { host } = setup([cliPlugin('pkg-a', 'alpha')]);
    const r = await host.run(['alpha', 'run', '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("missing required argument 'who'");
    expect(r.err).toMatch(/\(run `\S+ alpha run --help` for usage\)/);
    expect(r.error).toMatchObject({ code: 'PB_CLI_USAGE' });
  });

  it('unknown command: exit 2 with a "did you mean"', async () => {
    const { host } = setup([cliPlugin('pkg-a', 'alpha')]);
    const r = await host.run(['alpah', 'run']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'alpah'");
    expect(r.err).toContain('Did you mean alpha?');
  });

  it('a plugin that throws on import is reported once; every other command works', async () => {
    const { host } = setup([
      cliPlugin('pkg-boom', 'boom', "throw new Error('kaboom at import');"),
      cliPlugin('pkg-a', 'alpha'),
    ]);
    const boom = await host.run(['boom', 'run', 'x', '--json']);
    expect(boom.code).toBe(1);
    expect(boom.error?.code).toBe('PB_CLI_PLUGIN_LOAD_FAILED');
    expect(boom.error?.message).toContain('kaboom at import');
    expect(boom.error?.message).toContain('tool plugins uninstall pkg-boom');
    expect(boom.err.match(/kaboom/g)).toHaveLength(1);
    expect(await host.run(['alpha', 'run', 'Ann'])).toMatchObject({ code: 0, err: '' });
    expect((await host.run(['--help'])).code).toBe(0);
    expect((await host.run(['plugins', 'list'])).code).toBe(0);
    const view = await host.run(['config', 'view', '--json']);
    expect(view.code).toBe(0);
    expect(Object.keys(JSON.parse(view.out).plugins)).toEqual(['alpha']);
    expect(view.err.match(/kaboom/g)).toHaveLength(1);
  });

  it('a module that is not a plugin object is rejected with its shape problem', async () => {
    const { host } = setup([
      fixturePlugin({ name: 'pkg-odd', entries: { cli: { odd: 'export default { name: "odd" }' } } }),
    ]);
    const r = await host.run(['odd', 'x', '--json']);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('PB_CLI_PLUGIN_LOAD_FAILED');
    expect(r.error?.message).toContain('PB_SHAPE_INVALID');
    expect(r.error?.message).toContain('commands(group, ctx)');
  });

  it('two plugins claiming one command group: a warning names both, one wins', async () => {
    const { host } = setup([cliPlugin('pkg-one', 'dup'), cliPlugin('pkg-two', 'dup')]);
    const r = await host.run(['dup', 'run', 'Ann']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /warning: cli plugin "dup" is declared by pkg-(one|two)@1.0.0 .* and pkg-(one|two)@1.0.0/,
    );
  });

  it('a bundled plugin object and a package claiming one group: the package wins, with a warning', async () => {
    const own = defineCliPlugin({ name: 'alpha', defaults: {}, commands: () => {} });
    const { host } = setup([cliPlugin('pkg-a', 'alpha')], [own as never]);
    const r = await host.run(['alpha', 'run', 'Ann']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Hello Ann from alpha\n');
    expect(r.err).toContain(
      'cli plugin "alpha" is declared by pkg-a@1.0.0 (dependencies) and tool@1.2.3 (provided)',
    );
  });

  it('a plugin claiming a built-in group is ignored with a warning', async () => {
    const { host } = setup([cliPlugin('pkg-cfg', 'config')]);
    const r = await host.run(['config', 'view', '--json']);
    expect(r.code).toBe(0);
    // core's entry-name rule of the cli host (PB_ENTRY_NAME_INVALID) keeps built-in names free
    expect(r.err).toContain('pkg-cfg@1.0.0 declares the cli entry point "config", which is not a valid name');
    expect(r.err).toContain('not "config", "plugins" or "help"');
  });

  it('corrupt user config YAML: commands that need config fail with the file and line; reset recovers', async () => {
    const { host } = setup([cliPlugin('pkg-a', 'alpha')]);
    mkdirSync(host.configDir, { recursive: true });
    writeFileSync(host.configFile, 'plugins:\n  alpha:\n    greeting: [unclosed\n');
    const r = await host.run(['alpha', 'run', 'Ann', '--json']);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('PB_CLI_CONFIG_CORRUPT');
    expect(r.error?.message).toContain(host.configFile);
    expect(r.error?.message).toMatch(/line \d+/);
    expect(r.error?.message).toContain('tool config reset --yes');
    expect((await host.run(['plugins', 'list'])).code).toBe(0);
    expect((await host.run(['config', 'reset', '--yes'])).code).toBe(0);
    expect(await host.run(['alpha', 'run', 'Ann'])).toMatchObject({ code: 0, out: 'Hello Ann from alpha\n' });
  });

  it('a config file whose top level is not a mapping is corrupt too', async () => {
    const { host } = setup([cliPlugin('pkg-a', 'alpha')]);
    mkdirSync(host.configDir, { recursive: true });
    writeFileSync(host.configFile, '- just\n- a list\n');
    const r = await host.run(['alpha', 'run', 'Ann', '--json']);
    expect(r.error).toMatchObject({ code: 'PB_CLI_CONFIG_CORRUPT' });
    expect(r.error?.message).toContain('top level must be a mapping');
  });

  it('a prompt without a terminal fails with exit 2 and says to pass --yes', async () => {
    const { host } = setup();
    const r = await host.run(['config', 'reset', '--json']);
    expect(r.code).toBe(2);
    expect(r.error?.code).toBe('PB_CLI_PROMPT_UNAVAILABLE');
    expect(r.error?.message).toContain('pass --yes');
    const ni = await host.run(['config', 'reset', '--non-interactive'], { interactive: true });
    expect(ni.code).toBe(2);
    expect(ni.err).toContain('--non-interactive is set');
  });

  it('invalid static help metadata is a warning; the group still runs', async () => {
    const { host } = setup([
      fixturePlugin({
        name: 'pkg-meta',
        entries: { cli: { meta: pluginSource('meta') } },
        manifest: { cli: { meta: { description: 3, commands: { run: { args: ['who'] } } } } },
      }),
    ]);
    const r = await host.run(['meta', 'run', 'Ann']);
    expect(r.code).toBe(0);
    // core's PB_META_INVALID, as a warning (the cli host validates metadata with onInvalid: 'warn')
    expect(r.err).toContain('pkg-meta@1.0.0 has invalid plugboard.cli.meta metadata');
    expect(r.err).toContain('plugboard.cli.meta.description: must be a string');
    expect(r.err).toContain('plugboard.cli.meta.commands.run.args: must be a list');
  });
});

describe('configuration', () => {
  const schema = {
    '~standard': {
      version: 1 as const,
      vendor: 'test',
      validate: (v: unknown) => {
        const c = v as { retries: unknown };
        return typeof c.retries === 'number' && c.retries >= 0
          ? { value: c as { retries: number; nested: { a: number; b: number } } }
          : { issues: [{ message: 'must be a non-negative number', path: ['retries'] }] };
      },
    },
  };
  const configured = defineCliPlugin({
    name: 'deploy',
    defaults: { retries: 1, nested: { a: 1, b: 2 } },
    configSchema: schema,
    commands(group, ctx) {
      group.command('show').action(() => ctx.output(ctx.config));
    },
  });

  it('merges defaults, the user file (plugins.<name>) and env vars, deeply', async () => {
    const { host } = setup([], [configured as never]);
    mkdirSync(host.configDir, { recursive: true });
    writeFileSync(host.configFile, 'plugins:\n  deploy:\n    nested:\n      a: 5\n');
    const r = await host.run(['deploy', 'show', '--json'], {
      env: { TOOL_DEPLOY__NESTED__B: '7', TOOL_DEPLOY__RETRIES: '3' },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ retries: 3, nested: { a: 5, b: 7 } });
  });

  it('rejects a value the schema refuses, naming the key', async () => {
    const { host } = setup([], [configured as never]);
    const r = await host.run(['deploy', 'show', '--json'], { env: { TOOL_DEPLOY__RETRIES: '-1' } });
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('PB_CLI_CONFIG_INVALID');
    expect(r.error?.message).toContain('plugins.deploy.retries: must be a non-negative number');
  });

  it('config edit --set validates before writing; --dry-run writes nothing; reset removes one plugin', async () => {
    const { host } = setup([], [configured as never]);
    const bad = await host.run(['config', 'edit', 'deploy', '--set', 'retries=-4', '--json']);
    expect(bad.error?.code).toBe('PB_CLI_CONFIG_INVALID');
    expect(existsSync(host.configFile)).toBe(false);
    expect((await host.run(['config', 'edit', 'deploy', '--set', 'retries=9', '--dry-run'])).code).toBe(0);
    expect(existsSync(host.configFile)).toBe(false);
    expect(
      (await host.run(['config', 'edit', 'deploy', '--set', 'retries=9', '--set', 'nested.b=4'])).code,
    ).toBe(0);
    expect(readFileSync(host.configFile, 'utf8')).toContain('retries: 9');
    const view = await host.run(['config', 'view', 'deploy', '--json']);
    expect(JSON.parse(view.out).plugins.deploy).toEqual({ retries: 9, nested: { a: 1, b: 4 } });
    expect((await host.run(['config', 'reset', 'deploy', '--yes'])).code).toBe(0);
    const after = await host.run(['config', 'view', 'deploy', '--json']);
    expect(JSON.parse(after.out).plugins.deploy.retries).toBe(1);
  });

  it('config edit without --set needs a terminal', async () => {
    const { host } = setup();
    const r = await host.run(['config', 'edit', '--json']);
    expect(r.code).toBe(2);
    expect(r.error?.code).toBe('PB_CLI_PROMPT_UNAVAILABLE');
  });

  it('honours XDG_CONFIG_HOME and XDG_DATA_HOME when no folders are given', async () => {
    const { host } = setup([], [configured as never]);
    const env = { XDG_CONFIG_HOME: join(host.home, 'xc'), XDG_DATA_HOME: join(host.home, 'xd') };
    const r = await host.run(['config', 'view', '--json'], { env, configDir: undefined, dataDir: undefined });
    expect(JSON.parse(r.out).file).toBe(join(host.home, 'xc', 'tool', 'config.yaml'));
  });
});
