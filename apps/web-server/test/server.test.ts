import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebServerCli } from '../src/cli.js';
import { createServerHost, startWebServer } from '../src/server.js';

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

  it('`plugins list` shows the bundled web plugins from static metadata, beside the CLI plugins', async () => {
    const r = await cli(['plugins', 'list', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { group: string; origin: string; host: string }[];
    expect(
      rows
        .filter((p) => p.host === 'web')
        .map((p) => `${p.group}:${p.origin}`)
        .sort(),
    ).toEqual(['audit:bundled', 'notes:bundled', 'report:bundled']);
    const text = await cli(['plugins', 'list']);
    expect(text.stdout).toMatch(/^notes\s+@plugboard-examples\/web-notes@\S+ \(bundled, web plugin\)$/m);
  });

  it('`routes --plugins report` lists report and the audit plugin it requires', async () => {
    const r = await cli(['routes', '--plugins', 'report']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GET\s+\/api\/report\/summary\s+report/);
    expect(r.stdout).toMatch(/GET\s+\/api\/audit\/entries\s+audit/);
    expect(r.stdout).not.toMatch(/\/api\/notes/);
  });

  it('`plugins link` refuses a folder that is no plugin, links a web plugin by relative path, `unlink` by name', async () => {
    const home = temp();
    const bad = await cli(['plugins', 'link', home], home);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(
      /is not a web-server plugin: .*plugboard\.entryPoints\.cli.* or .*plugboard\.entryPoints\.web/,
    );
    expect(bad.stderr).toMatch(/CLI command groups or web plugins/);
    const notes = join(import.meta.dirname, '../../../examples/web-notes');
    const cwd = process.cwd();
    process.chdir(join(notes, '..'));
    try {
      const ok = await cli(['plugins', 'link', './web-notes'], home);
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toMatch(/Linked .*web-notes@\S+ from .*web-notes \(web plugins: notes\)/);
    } finally {
      process.chdir(cwd);
    }
    const listed = JSON.parse((await cli(['plugins', 'list', '--json'], home)).stdout) as {
      group: string;
      origin: string;
    }[];
    expect(listed.find((p) => p.group === 'notes')!.origin).toBe('linked');
    expect((await cli(['plugins', 'unlink', '@plugboard-examples/web-notes'], home)).stdout).toMatch(
      /Unlinked/,
    );
    const after = JSON.parse((await cli(['plugins', 'list', '--json'], home)).stdout) as typeof listed;
    expect(after.find((p) => p.group === 'notes')!.origin).toBe('bundled');
  });

  it('`plugins install` installs a web plugin tarball, the server serves it from there, `uninstall` removes it', async () => {
    const home = temp();
    const pack = spawnSync('npm', ['pack', '--pack-destination', home], {
      cwd: join(import.meta.dirname, '../../../examples/web-audit'),
      encoding: 'utf8',
    });
    expect(pack.status).toBe(0);
    const tarball = join(home, pack.stdout.trim().split('\n').at(-1)!);
    const r = await cli(['plugins', 'install', tarball], home);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/: done$/m); // progress lines go to stderr
    expect(r.stdout).toMatch(/Installed @plugboard-examples\/web-audit@\S+ \(web plugins: audit\)/);
    const listed = JSON.parse((await cli(['plugins', 'list', '--json'], home)).stdout) as {
      group: string;
      origin: string;
    }[];
    expect(listed.find((p) => p.group === 'audit')!.origin).toBe('user');
    // the installed copy imports @plugboard/web at run time: the store links the server's own copy
    expect(
      lstatSync(join(home, 'data', 'plugins', 'node_modules', '@plugboard', 'web')).isSymbolicLink(),
    ).toBe(true);
    const host = createServerHost({ dataDir: join(home, 'data'), plugins: ['audit'] });
    try {
      await host.start();
      const audit = host.plugins().find((p) => p.name === 'audit')!;
      expect(audit.state).toBe('enabled');
      expect(audit.source).toBe('user');
    } finally {
      await host.close();
    }
    expect((await cli(['plugins', 'uninstall', '@plugboard-examples/web-audit'], home)).stdout).toMatch(
      /Uninstalled/,
    );
  }, 120_000);
});

describe('web-server run (built bin) as a user starts it', () => {
  it('takes --config-dir relative to the current folder; a wrong config type fails that plugin only, naming the file', async () => {
    const home = temp();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(home, 'cfg'));
    writeFileSync(join(home, 'cfg', 'notes.yaml'), 'pageSize: lots\n');
    const bin = join(import.meta.dirname, '..', 'bin', 'web-server.js');
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'run', '--port', '0', '--config-dir', './cfg'], {
      cwd: home,
      env: { ...process.env, XDG_CONFIG_HOME: join(home, 'x-config'), XDG_DATA_HOME: join(home, 'x-data') },
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('listening on')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('close', resolve));
    expect(out).toContain(
      `✗ notes      failed: @plugboard/web: plugin "notes" configuration is invalid: "pageSize" must be integer. Fix ${join(home, 'cfg', 'notes.yaml')}`,
    );
    expect(out).toMatch(/✓ audit\s+enabled/);
  }, 60_000);

  it('an unknown --plugins name is a usage error with a did-you-mean, exit 2', () => {
    const home = temp();
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '..', 'bin', 'web-server.js'), 'run', '--plugins', 'nots'],
      {
        cwd: home,
        env: { ...process.env, XDG_CONFIG_HOME: join(home, 'c'), XDG_DATA_HOME: join(home, 'd') },
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'cannot start only "nots": no web plugin named "nots" is installed. Did you mean "notes"?',
    );
    expect(r.stderr).toContain('[PB_WEB_PLUGIN_UNKNOWN]');
  }, 60_000);
});
