import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { defineCliPlugin } from '@plugboard/cli';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost } from './fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

// A plugin without configSchema: its defaults' types are the contract.
const disk = defineCliPlugin({
  name: 'disk',
  defaults: { exclude: ['node_modules'], units: 'auto', top: 10, deep: { on: false } },
  commands(group, ctx) {
    group.command('show').action(() => ctx.output(ctx.config));
  },
});
const other = defineCliPlugin({
  name: 'other',
  defaults: { name: 'x' },
  commands(group, ctx) {
    group.command('show').action(() => ctx.output(ctx.config));
  },
});

function setup() {
  const host = createHost({ plugins: [disk, other] });
  cleanups.push(host.cleanup);
  const write = (yaml: string) => {
    mkdirSync(host.configDir, { recursive: true });
    writeFileSync(host.configFile, yaml);
  };
  return { host, write };
}

describe('plugin config is checked against the defaults’ types', () => {
  for (const [yaml, key, expected, found] of [
    ['exclude: node_modules', 'exclude', 'list', 'string'],
    ['units: 5', 'units', 'string', 'number'],
    ['deep: { on: "yes please" }', 'deep.on', 'boolean', 'string'],
    ['deep: 3', 'deep', 'mapping', 'number'],
  ] as const) {
    it(`${yaml}: PB_CLI_CONFIG_INVALID naming file, key, expected and found type`, async () => {
      const { host, write } = setup();
      write(`plugins:\n  disk:\n    ${yaml}\n`);
      const r = await host.run(['disk', 'show', '--json']);
      expect(r.code).toBe(1);
      expect(r.error?.code).toBe('PB_CLI_CONFIG_INVALID');
      expect(r.error?.message).toContain(`plugins.disk.${key}: expected a ${expected}, found a ${found}`);
      expect(r.error?.message).toContain(host.configFile);
      expect(r.error?.details).toEqual({ file: host.configFile, key, expected, found });
      // one plugin's bad value never breaks another plugin's commands
      expect((await host.run(['other', 'show', '--json'])).json()).toEqual({ name: 'x' });
    });
  }

  it('data printed without its own text is YAML', async () => {
    const { host } = setup();
    expect((await host.run(['other', 'show'])).out).toBe('name: x\n');
  });

  it('unknown keys are a warning with a did-you-mean; the command still runs', async () => {
    const { host, write } = setup();
    write('plugins:\n  disk:\n    unitz: MB\n');
    const r = await host.run(['disk', 'show', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `warning: ${host.configFile}: plugins.disk.unitz is not a setting of "disk"; it is ignored. Did you mean "units"?\n`,
    );
  });

  it('config edit --set and env vars convert text by one rule (the type of the default)', async () => {
    const { host } = setup();
    const set = await host.run([
      'config',
      'edit',
      'disk',
      '--set',
      'top=5',
      '--set',
      'exclude=a,b',
      '--set',
      'deep.on=yes',
    ]);
    expect(set.code).toBe(0);
    expect(readFileSync(host.configFile, 'utf8')).toContain('top: 5');
    const viaFile = (await host.run(['disk', 'show', '--json'])).json();
    expect(viaFile).toMatchObject({ top: 5, exclude: ['a', 'b'], deep: { on: true } });
    host.cleanup();
    const { host: fresh } = setup();
    const viaEnv = await fresh.run(['disk', 'show', '--json'], {
      env: { TOOL_DISK__TOP: '5', TOOL_DISK__EXCLUDE: 'a,b', TOOL_DISK__DEEP__ON: 'yes' },
    });
    expect(viaEnv.json()).toEqual(viaFile);
    // text that does not convert is reported, never written
    const bad = await fresh.run(['config', 'edit', 'disk', '--set', 'top=lots', '--json']);
    expect(bad.error?.message).toContain('plugins.disk.top: expected a number, found a string');
  });

  it('a broken section breaks only its plugin, and the message offers `config reset <group>`', async () => {
    const { host, write } = setup();
    write('plugins:\n  other:\n    name: y\n  disk: [1, 2]\n');
    const r = await host.run(['disk', 'show', '--json']);
    expect(r.error?.code).toBe('PB_CLI_CONFIG_CORRUPT');
    expect(r.error?.message).toContain('"plugins.disk" (line 4) must be a mapping');
    expect(r.error?.message).toContain('tool config reset disk --yes');
    expect((await host.run(['other', 'show', '--json'])).json()).toEqual({ name: 'y' });
    expect((await host.run(['config', 'reset', 'disk', '--yes'])).code).toBe(0);
    expect((await host.run(['disk', 'show', '--json'])).code).toBe(0);
    expect((await host.run(['other', 'show', '--json'])).json()).toEqual({ name: 'y' });
  });

  it('an unparsable file names file and line and offers the editor or a full reset', async () => {
    const { host, write } = setup();
    write('plugins:\n  disk:\n    top: [1\n');
    const r = await host.run(['other', 'show', '--json']);
    expect(r.error?.message).toMatch(/line \d+, column \d+/);
    expect(r.error?.message).toContain(`open it in your editor (\`$EDITOR ${host.configFile}\`)`);
    expect(r.error?.message).toContain('`tool config reset --yes`');
    expect(r.error?.message).not.toContain('config edit`');
  });
});

describe('help, version and JSON', () => {
  const leaf = defineCliPlugin({
    name: 'leaf',
    defaults: {},
    commands(group, ctx) {
      group.argument('[what]').action((what?: string) => ctx.print(`leaf got ${what}`));
    },
  });

  it('--version --json, <group> version --json, and no version subcommand on a leaf group', async () => {
    const host = createHost({ plugins: [disk, leaf] });
    cleanups.push(host.cleanup);
    expect((await host.run(['--version', '--json'])).json()).toMatchObject({
      name: 'tool',
      version: '1.2.3',
    });
    expect((await host.run(['--version'])).out).toBe('1.2.3\n');
    expect((await host.run(['disk', 'version', '--json'])).json()).toEqual({
      group: 'disk',
      package: 'tool',
      version: '1.2.3',
    });
    expect((await host.run(['leaf', 'version'])).out).toBe('leaf got version\n');
  });

  it('help <group> <command> shows that command’s help', async () => {
    const host = createHost({ plugins: [disk] });
    cleanups.push(host.cleanup);
    const r = await host.run(['help', 'disk', 'show']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: tool disk show [options]');
  });

  it('plugins unlink appears in the help it answers to', async () => {
    const host = createHost();
    cleanups.push(host.cleanup);
    expect((await host.run(['plugins', '--help'])).out).toMatch(
      /^ {2}unlink <path>\s+stop using a linked plugin folder$/m,
    );
    expect((await host.run(['--help'])).out).toContain(
      'list, install, link, unlink, update and remove plugins',
    );
  });
});
