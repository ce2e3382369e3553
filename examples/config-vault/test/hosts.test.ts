import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCli } from '@plugboard/cli';
import { createCliHarness } from '@plugboard/testing';
import { createTestApp, type TestApp } from '@plugboard/testing/web';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { vaultCommands } from '../src/cli.js';
import { vaultStatus } from '../src/web.js';

// The same package, as a cli command group and as a web feature (the resolver is in vault.test.ts).
const dir = mkdtempSync(join(tmpdir(), 'vault-hosts-'));
const vaultFile = join(dir, 'vault.json');
const secrets = { db: { password: 'pw-never-shown' }, api: { token: 'tok-never-shown' } };
writeFileSync(vaultFile, JSON.stringify(secrets));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = createCliHarness((io) =>
  createCli({ name: 'provision', version: '1.0.0', plugins: [vaultCommands], ...io }),
);
afterAll(() => cli.cleanup());
const vault = (argv: string[], file = vaultFile) =>
  cli.run(['vault', ...argv], { env: { PROVISION_VAULT__FILE: file } });

describe('vault on a cli host', () => {
  it('lists the secret names, never their values', async () => {
    const r = await vault(['keys']);
    expect(r).toMatchObject({ code: 0, out: 'api.token\ndb.password\n' });
    const json = await vault(['keys', '--json']);
    expect(JSON.parse(json.out)).toEqual(['api.token', 'db.password']);
    expect(json.out + r.out).not.toMatch(/never-shown/);
  });

  it('fails with what to do when the file is missing or not JSON, quoting none of it', async () => {
    const missing = await vault(['check'], join(dir, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`no vault file at ${join(dir, 'nope.json')}`);
    expect(missing.err).toContain('"file" option');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"db": {"password": "pw-never-shown",');
    const bad = await vault(['keys'], broken);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('is not valid JSON');
    expect(bad.err).not.toContain('never-shown');
  });
});

describe('vault on a web host', () => {
  let app: TestApp;
  afterEach(() => app?.close());
  const start = (file: string) =>
    createTestApp({
      plugins: [{ plugin: vaultStatus, packageJson: new URL('../package.json', import.meta.url) }],
      config: { vault: { file } },
    });

  it('answers its dashboard widget with a count, not names or values', async () => {
    app = start(vaultFile);
    const status = await app.get('/api/vault/status');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual({ label: 'secrets', value: 2 });
    expect(status.body).not.toMatch(/never-shown|password|token/);
    const plugins = (await app.admin('GET', '/plugins')).json().plugins as {
      name: string;
      state: string;
      ui: { widgets: { kind: string; endpoint: string }[] };
    }[];
    const mine = plugins.find((p) => p.name === 'vault');
    expect(mine?.state).toBe('enabled');
    expect(mine?.ui.widgets).toEqual([expect.objectContaining({ kind: 'stat', endpoint: '/status' })]);
  });

  it('reports an unreadable vault in the widget without failing the host', async () => {
    app = start(join(dir, 'absent.json'));
    const status = (await app.get('/api/vault/status')).json();
    expect(status).toMatchObject({ label: 'vault unreadable', value: 0 });
    expect(status.problem).toContain('no vault file');
  });
});
