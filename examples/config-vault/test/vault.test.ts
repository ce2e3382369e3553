// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references use the ${PREFIX:value} syntax
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConfig, loadConfig } from '@plugboard/config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vaultResolver } from '../src/index.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pb-vault-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - start > ms) reject(new Error('condition not met in time'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe('VAULT resolver', () => {
  it('reads secrets by path, marked secret', async () => {
    writeFileSync(
      join(dir, 'vault.json'),
      JSON.stringify({ db: { password: 'vault-pw-1' }, api: { token: 't0k3n-xyz' } }),
    );
    const config = await loadConfig({
      cwd: dir,
      plugins: false,
      logger: quiet,
      environment: {},
      resolvers: [vaultResolver],
      defaults: { db: { password: 'VAULT:///db/password' }, header: 'Bearer ${VAULT:api.token}' },
    });
    expect(config).toEqual({ db: { password: 'vault-pw-1' }, header: 'Bearer t0k3n-xyz' });
    expect(JSON.stringify(config)).not.toContain('vault-pw-1');
  });

  it('pushes an update when the vault file changes', async () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ db: { password: 'old-password' } }));
    const host = await createConfig({
      cwd: dir,
      plugins: false,
      logger: quiet,
      environment: {},
      resolvers: [vaultResolver],
      resolverOptions: { VAULT: { file: 'secrets.json' } },
      watch: true,
      defaults: { db: { password: 'VAULT:///db/password', url: 'pg://app:{{ db.password }}@h/app' } },
    });
    const seen: string[][] = [];
    host.subscribe('db', (c) => seen.push(c.keys));
    writeFileSync(file, JSON.stringify({ db: { password: 'new-password' } }));
    await until(() => seen.length === 1);
    expect(seen[0]).toEqual(['db.password', 'db.url']);
    expect((host.value.db as { url: string }).url).toBe('pg://app:new-password@h/app');
    await host.close();
  });

  it('reports a missing or malformed vault without its content', async () => {
    const run = () =>
      loadConfig({
        cwd: dir,
        plugins: false,
        logger: quiet,
        environment: { VAULT_FILE: join(dir, 'v.json') },
        resolvers: [vaultResolver],
        defaults: { pw: 'VAULT:///pw' },
      });
    await expect(run()).rejects.toMatchObject({
      code: 'PB_CONFIG_RESOLVER_FAILED',
      message: expect.stringContaining(
        'the VAULT reference at key `pw` failed: VAULT: cannot read the vault file',
      ),
    });
    writeFileSync(join(dir, 'v.json'), '{ "pw": "leaky-secret", }');
    const error = await run().catch((e: Error) => e);
    expect(error.message).toContain('it is not valid JSON');
    expect(error.message).not.toContain('leaky-secret');
  });

  it('is discovered from its package entry point (needs the build)', async () => {
    writeFileSync(join(dir, 'vault.json'), JSON.stringify({ k: 'from-plugin' }));
    const pkgDir = fileURLToPath(new URL('..', import.meta.url));
    const config = await loadConfig({
      cwd: dir,
      plugins: { sources: { paths: [pkgDir], dependencies: false }, cache: false },
      logger: quiet,
      environment: {},
      defaults: { k: 'VAULT:///k' },
    });
    expect(config.k).toBe('from-plugin');
  });
});
