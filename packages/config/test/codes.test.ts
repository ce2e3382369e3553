import { createConfigFixture, createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigErrorCodes, createConfig, defineResolver, loadConfig } from '../src/index.js';
import { quiet } from './helpers.js';

const base = { plugins: false as const, logger: quiet, environment: {} };
const reject = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as ConfigError,
  );

describe('every PB_CONFIG_* code', () => {
  it('is one scheme, PB_CONFIG_<WHAT>, on a ConfigError that extends PlugboardError', () => {
    for (const code of Object.values(ConfigErrorCodes)) expect(code).toMatch(/^PB_CONFIG_[A-Z_]+$/);
    const e = new ConfigError(ConfigErrorCodes.PARSE, 'x.');
    expect(e.message).toBe('@plugboard/config: x.');
    expect(new ConfigError(ConfigErrorCodes.PARSE, '@plugboard/config: y.').message).toBe(
      '@plugboard/config: y.',
    );
  });

  it('PB_CONFIG_FORMAT_UNKNOWN: a file whose extension names no format', async () => {
    await using fx = createConfigFixture({ files: { 'settings.ini': 'a=1\n' } });
    const e = await reject(loadConfig({ ...fx.defaults, plugins: false, file: 'settings.ini' }));
    expect(e).toMatchObject({ code: 'PB_CONFIG_FORMAT_UNKNOWN', file: fx.path('settings.ini') });
    expect(e?.message).toBe(
      `@plugboard/config: cannot tell the format of ${fx.path('settings.ini')}; name it .yaml, .yml, .json, .toml or .env, or pass { file, format }.`,
    );
  });

  it('PB_CONFIG_CLOSED: reload after close', async () => {
    const host = await createConfig({ ...base, defaults: { a: 1 } });
    await host.close();
    const e = await reject(host.reload());
    expect(e).toMatchObject({ code: 'PB_CONFIG_CLOSED' });
    expect(e?.message).toBe('@plugboard/config: this config host is closed; create a new one.');
  });

  it('PB_CONFIG_RESOLVER_INVALID: a bad resolver in the resolvers option', async () => {
    const e = await reject(
      createConfig({ ...base, resolvers: [{ prefix: 'lower', resolve: () => 1 } as never] }),
    );
    expect(e).toMatchObject({ code: 'PB_CONFIG_RESOLVER_INVALID' });
    expect(e?.message).toBe(
      '@plugboard/config: resolvers option: prefix "lower" must be upper case letters, digits and _ (e.g. "VAULT").',
    );
  });

  it('PB_CONFIG_SETUP_FAILED: a setup() that hangs past setupTimeoutMs, with its signal aborted', async () => {
    let signal: AbortSignal | undefined;
    const slow = defineResolver({
      prefix: 'SLOW',
      setup: (ctx) => {
        signal = ctx.signal;
        return new Promise<undefined>(() => {});
      },
      resolve: () => 1,
    });
    const e = await reject(
      loadConfig({ ...base, resolvers: [slow], setupTimeoutMs: 30, defaults: { a: 'SLOW:///x' } }),
    );
    expect(e).toMatchObject({
      code: 'PB_CONFIG_SETUP_FAILED',
      key: 'a',
      details: { reason: 'PB_HOOK_TIMEOUT' },
    });
    expect(e?.message).toBe(
      "@plugboard/config: the SLOW resolver's setup() did not finish within 30 ms. Check what it connects to, or raise setupTimeoutMs at key `a`.",
    );
    expect(signal?.aborted).toBe(true);
  });

  it('PB_CONFIG_SETUP_FAILED: a setup() that throws keeps the cause', async () => {
    const broken = defineResolver({
      prefix: 'BROKEN',
      setup: () => {
        throw new Error('no route to vault.local');
      },
      resolve: () => 1,
    });
    const e = await reject(loadConfig({ ...base, resolvers: [broken], defaults: { a: 'BROKEN:///x' } }));
    expect(e).toMatchObject({ code: 'PB_CONFIG_SETUP_FAILED', details: { reason: 'PB_HOOK_FAILED' } });
    expect(e?.message).toBe(
      "@plugboard/config: the BROKEN resolver's setup() failed: no route to vault.local. Fix its options (resolverOptions.BROKEN) or what it connects to at key `a`.",
    );
  });
});

describe('resolver plugins through the kit', () => {
  const vault = (tag: string) =>
    `export default { prefix: 'VAULT', resolve: (v) => ${JSON.stringify(tag)} + ':' + v };`;

  it('PB_CONFIG_RESOLVER_UNUSABLE: an installed but incompatible resolver is reported with the real reason', async () => {
    using tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: 'old-vault',
          entries: { config: { VAULT: vault('old') } },
          peerDependencies: { '@plugboard/config': '^9.0.0' },
        }),
      ],
    });
    const e = await reject(
      loadConfig({ cwd: tree.root, logger: quiet, environment: {}, defaults: { a: 'VAULT:///x' } }),
    );
    expect(e).toMatchObject({
      code: 'PB_CONFIG_RESOLVER_UNUSABLE',
      prefix: 'VAULT',
      package: 'old-vault',
      details: { reason: 'PB_INCOMPATIBLE' },
    });
    expect(e?.message).toContain(
      'the VAULT resolver from old-vault is installed but not used (PB_INCOMPATIBLE)',
    );
    expect(e?.message).toContain('old-vault@1.0.0 needs @plugboard/config@^9.0.0');
    expect(e?.message).not.toContain('install a resolver plugin');
  });

  it('a lower-case entry name is the kit entry-name problem, and the prefix stays unknown', async () => {
    using tree = createPackageTree({
      packages: [fixturePlugin({ name: 'lower', entries: { config: { vault: vault('x') } } })],
    });
    const host = await createConfig({ cwd: tree.root, logger: quiet, environment: {}, defaults: {} });
    expect(host.problems).toEqual([
      expect.objectContaining({ code: 'PB_ENTRY_NAME_INVALID', plugin: 'vault' }),
    ]);
    await host.close();
  });

  it('an explicit resolver wins over two plugins that claim its prefix; built-ins lose to plugins', async () => {
    using tree = createPackageTree({
      packages: [
        fixturePlugin({ name: 'vault-a', entries: { config: { VAULT: vault('a') } } }),
        fixturePlugin({ name: 'vault-b', entries: { config: { VAULT: vault('b') } } }),
        fixturePlugin({
          name: 'my-env',
          entries: { config: { ENV: "export default { prefix: 'ENV', resolve: (v) => 'mine:' + v };" } },
        }),
      ],
    });
    const mine = defineResolver({ prefix: 'VAULT', resolve: (v) => `explicit:${v}` });
    const host = await createConfig({
      cwd: tree.root,
      logger: quiet,
      environment: {},
      resolvers: [mine],
      defaults: { a: 'VAULT:///x', b: 'ENV:///HOME' },
    });
    expect(host.value).toEqual({ a: 'explicit:x', b: 'mine:HOME' });
    expect(host.problems.map((p) => [p.code, p.severity ?? 'error'])).toEqual([
      ['PB_DUPLICATE', 'error'],
      ['PB_DUPLICATE', 'warning'],
    ]);
    await host.close();
  });

  it('honours requires: a resolver whose required plugin is unusable is skipped with that reason', async () => {
    using tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: 'kv-base',
          entries: { config: { KV: "export default { prefix: 'KV', resolve: (v) => v };" } },
          peerDependencies: { '@plugboard/config': '^9.0.0' },
        }),
        fixturePlugin({
          name: 'kv-cached',
          entries: { config: { CACHED: "export default { prefix: 'CACHED', resolve: (v) => 'c:' + v };" } },
          requires: { KV: '*' },
        }),
      ],
    });
    const e = await reject(
      loadConfig({ cwd: tree.root, logger: quiet, environment: {}, defaults: { a: 'CACHED:///x' } }),
    );
    expect(e).toMatchObject({
      code: 'PB_CONFIG_RESOLVER_UNUSABLE',
      details: { reason: 'PB_DEPENDENCY_FAILED' },
    });
    expect(e?.message).toContain('the CACHED resolver is installed but not used (PB_DEPENDENCY_FAILED)');
  });
});

describe('file-system errors', () => {
  it('PB_CONFIG_FS_DENIED: an unreadable config file names the file and its folder (run without root rights)', async () => {
    const { spawnSync } = await import('node:child_process');
    const { chmodSync, existsSync } = await import('node:fs');
    const dist = new URL('../dist/index.js', import.meta.url);
    expect(existsSync(dist), 'build @plugboard/config first').toBe(true);
    await using fx = createConfigFixture({ files: { 'config.yaml': 'a: 1\n' } });
    chmodSync(fx.path('config.yaml'), 0o000);
    const script = `
      const { loadConfig } = await import(${JSON.stringify(dist.href)});
      try { await loadConfig({ plugins: false, file: ${JSON.stringify(fx.path('config.yaml'))} }); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, details: e.details })); }`;
    // root reads through permission bits: drop CAP_DAC_OVERRIDE as core's unreadable-folder test does
    const asRoot = process.getuid?.() === 0;
    const [cmd, args] = asRoot
      ? ['setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath]]
      : [process.execPath, []];
    const run = spawnSync(cmd, [...args, '--input-type=module', '-e', script], { encoding: 'utf8' });
    chmodSync(fx.path('config.yaml'), 0o644);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      code: 'PB_CONFIG_FS_DENIED',
      details: { errno: 'EACCES', folder: fx.root },
      message: `@plugboard/config: config file ${fx.path('config.yaml')} cannot be read: permission denied (EACCES). Give the user running the app read access to it and to the folder ${fx.root}, or point \`file\` elsewhere.`,
    });
  });
});
