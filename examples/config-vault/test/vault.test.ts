// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references use the ${PREFIX:value} syntax
import { fileURLToPath } from 'node:url';
import { createConfig, loadConfig } from '@plugboard/config';
import { createConfigFixture, waitUntil } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { vaultResolver } from '../src/index.js';

const vault = (data: unknown) => JSON.stringify(data);

describe('VAULT resolver', () => {
  it('reads secrets by path, marked secret', async () => {
    await using fx = createConfigFixture({
      files: { 'vault.json': vault({ db: { password: 'vault-pw-1' }, api: { token: 't0k3n-xyz' } }) },
    });
    const config = await loadConfig({
      ...fx.defaults,
      plugins: false,
      resolvers: [vaultResolver],
      defaults: { db: { password: 'VAULT:///db/password' }, header: 'Bearer ${VAULT:api.token}' },
    });
    expect(config).toEqual({ db: { password: 'vault-pw-1' }, header: 'Bearer t0k3n-xyz' });
    expect(JSON.stringify(config)).not.toContain('vault-pw-1');
  });

  it('pushes an update when the vault file changes, in place or saved atomically', async () => {
    await using fx = createConfigFixture({
      files: { 'secrets.json': vault({ db: { password: 'old-password' } }) },
    });
    const host = await fx.start((o) =>
      createConfig({
        ...o,
        plugins: false,
        resolvers: [vaultResolver],
        resolverOptions: { VAULT: { file: 'secrets.json' } },
        watch: true,
        defaults: { db: { password: 'VAULT:///db/password', url: 'pg://app:{{ db.password }}@h/app' } },
      }),
    );
    const seen: string[][] = [];
    host.subscribe('db', (c) => seen.push(c.keys));
    fx.write('secrets.json', vault({ db: { password: 'new-password' } }));
    await waitUntil(() => seen.length === 1);
    expect(seen[0]).toEqual(['db.password', 'db.url']);
    expect((host.value.db as { url: string }).url).toBe('pg://app:new-password@h/app');
    fx.saveAtomic('secrets.json', vault({ db: { password: 'rotated' } }));
    await waitUntil(() => (host.value.db as { password: string }).password === 'rotated');
  });

  it('reports a missing or malformed vault without its content', async () => {
    await using fx = createConfigFixture();
    fx.env.VAULT_FILE = fx.path('v.json');
    const run = () =>
      loadConfig({
        ...fx.defaults,
        plugins: false,
        resolvers: [vaultResolver],
        defaults: { pw: 'VAULT:///pw' },
      });
    await expect(run()).rejects.toMatchObject({
      code: 'PB_CONFIG_RESOLVER_FAILED',
      message: expect.stringContaining(
        'the VAULT reference at key `pw` failed: VAULT: cannot read the vault file',
      ),
    });
    fx.write('v.json', '{ "pw": "leaky-secret", }');
    const error = await run().catch((e: Error) => e);
    expect(error.message).toContain('it is not valid JSON');
    expect(error.message).not.toContain('leaky-secret');
  });

  it('is discovered from its package entry point (needs the build)', async () => {
    await using fx = createConfigFixture({ files: { 'vault.json': vault({ k: 'from-plugin' }) } });
    const pkgDir = fileURLToPath(new URL('..', import.meta.url));
    const config = await loadConfig({
      ...fx.defaults,
      plugins: { sources: { paths: [pkgDir], dependencies: false }, cache: false },
      defaults: { k: 'VAULT:///k' },
    });
    expect(config.k).toBe('from-plugin');
  });
});
