import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebServerCli } from '../src/cli.js';
import { startWebServer } from '../src/server.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'web-server-test-'));
  dirs.push(d);
  return d;
};

async function cli(args: string[], home = temp()) {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(c, _e, done) {
        f(String(c));
        done();
      },
    });
  const code = await createWebServerCli({
    configDir: join(home, 'config'),
    dataDir: join(home, 'data'),
    env: {},
    interactive: false,
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
  }).run(args);
  return { code, stdout, stderr };
}

describe('web-server', () => {
  it('serves the bundled plugins: CRUD, an event reaching the audit plugin, the report service, health, admin', async () => {
    const server = await startWebServer({ dataDir: temp(), port: 0, adminToken: 't0ken-for-tests' });
    try {
      const post = await fetch(`${server.url}/api/notes/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'hi' }),
      });
      expect(post.status).toBe(201);
      await server.host.settle();
      expect(await (await fetch(`${server.url}/api/audit/entries`)).json()).toMatchObject([
        { topic: 'notes.created', subject: 'hi' },
      ]);
      expect(await (await fetch(`${server.url}/api/report/summary`)).json()).toMatchObject({ total: 1 });
      expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ status: 'ok' });
      expect((await fetch(`${server.url}/admin/api/plugins`)).status).toBe(401);
      const admin = (await (
        await fetch(`${server.url}/admin/api/plugins`, {
          headers: { authorization: 'Bearer t0ken-for-tests' },
        })
      ).json()) as { plugins: { name: string; state: string }[] };
      expect(
        admin.plugins.map((p: { name: string; state: string }) => `${p.name}:${p.state}`).sort(),
      ).toEqual(['audit:enabled', 'notes:enabled', 'report:enabled']);
    } finally {
      await server.close();
    }
  });

  it('`web-plugins list` shows the bundled plugins from static metadata', async () => {
    const r = await cli(['web-plugins', 'list', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.plugins.map((p: { name: string; source: string }) => `${p.name}:${p.source}`).sort()).toEqual(
      ['audit:bundled', 'notes:bundled', 'report:bundled'],
    );
  });

  it('`routes --plugins report` lists report and the audit plugin it requires', async () => {
    const r = await cli(['routes', '--plugins', 'report']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GET\s+\/api\/report\/summary\s+report/);
    expect(r.stdout).toMatch(/GET\s+\/api\/audit\/entries\s+audit/);
    expect(r.stdout).not.toMatch(/\/api\/notes/);
  });

  it('`web-plugins link` refuses a folder that is not a web plugin, and links one that is', async () => {
    const home = temp();
    const bad = await cli(['web-plugins', 'link', home], home);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a usable web plugin/);
    const notes = join(import.meta.dirname, '../../../examples/web-notes');
    const ok = await cli(['web-plugins', 'link', notes], home);
    expect(ok.stdout).toMatch(/Linked .*web-notes \(web plugins: notes\)/);
    const listed = JSON.parse((await cli(['web-plugins', 'list', '--json'], home)).stdout);
    expect(listed.plugins.find((p: { name: string }) => p.name === 'notes').source).toBe('linked');
    expect((await cli(['web-plugins', 'unlink', notes], home)).stdout).toMatch(/Unlinked/);
  });

  it('`web-plugins install` installs a tarball into its own folder and `uninstall` removes it', async () => {
    const home = temp();
    const pack = spawnSync('npm', ['pack', '--pack-destination', home], {
      cwd: join(import.meta.dirname, '../../../examples/web-audit'),
      encoding: 'utf8',
    });
    expect(pack.status).toBe(0);
    const tarball = join(home, pack.stdout.trim().split('\n').at(-1)!);
    const r = await cli(['web-plugins', 'install', tarball], home);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Installed @plugboard-examples\/web-audit \(web plugins: audit\)/);
    const listed = JSON.parse((await cli(['web-plugins', 'list', '--json'], home)).stdout);
    expect(listed.plugins.find((p: { name: string }) => p.name === 'audit').source).toBe('installed');
    expect((await cli(['web-plugins', 'uninstall', '@plugboard-examples/web-audit'], home)).stdout).toMatch(
      /Uninstalled/,
    );
  }, 120_000);
});
