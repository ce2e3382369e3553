// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references use the ${PREFIX:value} syntax
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { createConfig, loadConfig } from '../src/index.js';
import { quiet } from './helpers.js';

const vaultSource = (tag: string) => `
globalThis.__pbVaultImports = (globalThis.__pbVaultImports ?? 0) + 1;
export default {
  prefix: 'VAULT',
  secret: true,
  setup: (ctx) => ({ tag: ${JSON.stringify(tag)}, opt: ctx.options.region ?? 'none' }),
  resolve: (value, ctx) => ctx.state.tag + ':' + value + ':' + ctx.state.opt,
};`;

describe('resolver plugins', () => {
  it('are discovered by entry point and instantiated on first use of their prefix', async () => {
    using tree = createPackageTree({
      layout: 'pnpm',
      packages: [
        fixturePlugin({
          name: 'acme-vault',
          entries: { config: { VAULT: vaultSource('acme') } },
          peerDependencies: { '@plugboard/config': '^0.1.0' },
        }),
      ],
    });
    const g = globalThis as { __pbVaultImports?: number };
    g.__pbVaultImports = 0;
    const unused = await createConfig({ cwd: tree.root, logger: quiet, environment: {}, defaults: { a: 1 } });
    expect(g.__pbVaultImports).toBe(0);
    expect(unused.problems).toEqual([]);
    await unused.close();
    const value = await loadConfig({
      cwd: tree.root,
      logger: quiet,
      environment: {},
      resolverOptions: { VAULT: { region: 'eu' } },
      defaults: { a: 'VAULT:///db', b: '${VAULT:db}' },
    });
    expect(value).toEqual({ a: 'acme:db:eu', b: 'acme:db:eu' });
    expect(g.__pbVaultImports).toBe(1);
  });

  it('two plugins claiming one prefix are a reported problem, and the prefix is refused', async () => {
    using tree = createPackageTree({
      packages: [
        fixturePlugin({ name: 'vault-a', entries: { config: { VAULT: vaultSource('a') } } }),
        fixturePlugin({ name: 'vault-b', entries: { config: { VAULT: vaultSource('b') } } }),
      ],
    });
    const host = await createConfig({ cwd: tree.root, logger: quiet, environment: {}, defaults: { a: 1 } });
    expect(host.problems).toEqual([expect.objectContaining({ code: 'PB_DUPLICATE', plugin: 'VAULT' })]);
    await host.close();
    const error = await loadConfig({
      cwd: tree.root,
      logger: quiet,
      environment: {},
      defaults: { a: 'VAULT:///x' },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PB_CONFIG_PREFIX_CONFLICT' });
    expect((error as Error).message).toContain('two plugins claim the VAULT prefix, so it is not used');
    expect((error as Error).message).toContain('vault-a@1.0.0');
    expect((error as Error).message).toContain('vault-b@1.0.0');
  });

  it('an entry point whose prefix does not match its name is refused when used', async () => {
    using tree = createPackageTree({
      packages: [fixturePlugin({ name: 'bad', entries: { config: { KV: vaultSource('x') } } })],
    });
    const error = await loadConfig({
      cwd: tree.root,
      logger: quiet,
      environment: {},
      defaults: { a: 'KV:///x' },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PB_CONFIG_RESOLVER_INVALID' });
    expect((error as Error).message).toContain('its prefix is "VAULT" but the entry point is named "KV"');
  });

  it('plugins for another host version are reported, not used', async () => {
    using tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: 'old-vault',
          entries: { config: { VAULT: vaultSource('old') } },
          peerDependencies: { '@plugboard/config': '^9.0.0' },
        }),
      ],
    });
    const host = await createConfig({ cwd: tree.root, logger: quiet, environment: {}, defaults: {} });
    expect(host.problems.map((p) => p.code)).toEqual(['PB_INCOMPATIBLE']);
    await host.close();
  });
});
