// The fault suite (bounded): concurrent writers over many rounds, kill -9 at
// several points of an install, and read-only folders as a non-privileged user.
// Each checks that nothing reported as done is lost and that the next command works.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistry, type TestRegistry } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDir, pluginSource, writePackage } from './fixtures.js';

const hostFile = fileURLToPath(new URL('./fixtures/fault/host.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));
const home = mkdtempSync(join(tmpdir(), 'plugboard-faults-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Rounds of each concurrency check (each round: two processes at once). */
const EDIT_ROUNDS = 12;
const INSTALL_ROUNDS = 4;

function envFor(name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = join(home, name);
  return {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    ...extra,
  };
}

function start(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [hostFile, ...args], { env });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err })),
  );
  return { child, done };
}

const run = (args: string[], env: NodeJS.ProcessEnv) => start(args, env).done;

/** Pids of processes whose working directory is `dir` (npm runs in the plugin store). */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir) pids.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

describe.skipIf(!built)('concurrent config edits', () => {
  it(`${EDIT_ROUNDS} rounds of two \`config edit --set\` of different keys at once: no write lost`, async () => {
    const env = envFor('edits');
    for (let round = 0; round < EDIT_ROUNDS; round++) {
      const [one, two] = await Promise.all([
        run(['config', 'edit', 'settings', '--set', `a=r${round}`], env),
        run(['config', 'edit', 'settings', '--set', `b=r${round}`], env),
      ]);
      expect([one.code, two.code, one.err, two.err], `round ${round}`).toEqual([0, 0, '', '']);
      const shown = JSON.parse((await run(['settings', 'show', '--json'], env)).out);
      expect(shown, `round ${round}`).toMatchObject({ a: `r${round}`, b: `r${round}` });
    }
  }, 180_000);
});

describe.skipIf(!built)('installs against the local registry', () => {
  let registry: TestRegistry;
  const names = ['pf-one', 'pf-two', 'pf-three', 'pf-four'];
  beforeAll(async () => {
    registry = await startRegistry({ from: cliDir });
    for (const [i, name] of names.entries()) {
      registry.publish(
        writePackage(
          join(home, 'src', name),
          {
            name,
            version: '1.0.0',
            peerDependencies: { '@plugboard/cli': '^0.1.0' },
            plugboard: { entryPoints: { cli: { [`g${i}`]: './index.js' } } },
          },
          { 'index.js': pluginSource(`g${i}`) },
        ),
      );
    }
    registry.publish(
      writePackage(
        join(home, 'src', 'pf-future'),
        {
          name: 'pf-future',
          version: '1.0.0',
          peerDependencies: { '@plugboard/cli': '^9.0.0' },
          plugboard: { entryPoints: { cli: { future: './index.js' } } },
        },
        { 'index.js': pluginSource('future') },
      ),
    );
  }, 120_000);
  afterAll(async () => registry?.stop());

  const deps = (env: NodeJS.ProcessEnv): Record<string, string> => {
    try {
      return (
        JSON.parse(readFileSync(join(env.XDG_DATA_HOME!, 'faulty', 'plugins', 'package.json'), 'utf8'))
          .dependencies ?? {}
      );
    } catch {
      return {};
    }
  };

  it(`${INSTALL_ROUNDS} rounds of two installs of different plugins at once: both installed and usable`, async () => {
    for (let round = 0; round < INSTALL_ROUNDS; round++) {
      const env = envFor(`installs-${round}`, registry.env);
      const [a, b] = [names[round % names.length]!, names[(round + 1) % names.length]!];
      const results = await Promise.all([
        run(['plugins', 'install', a], env),
        run(['plugins', 'install', b], env),
      ]);
      for (const r of results) expect(r.code, r.err).toBe(0);
      expect(Object.keys(deps(env)).sort(), `round ${round}`).toEqual([a, b].sort());
      const list = JSON.parse((await run(['plugins', 'list', '--json'], env)).out) as {
        package: string;
        origin: string;
      }[];
      expect(
        list
          .filter((p) => p.origin === 'user')
          .map((p) => p.package)
          .sort(),
      ).toEqual([a, b].sort());
    }
  }, 240_000);

  it('a rejected first install into an empty store leaves nothing behind', async () => {
    const env = envFor('rejected', registry.env);
    const r = await run(['plugins', 'install', 'pf-future', '--json'], env);
    expect(JSON.parse(r.err.trim().split('\n').pop()!).error.code).toBe('PB_CLI_INCOMPATIBLE');
    expect(existsSync(join(env.XDG_DATA_HOME!, 'faulty', 'plugins', 'node_modules', 'pf-future'))).toBe(
      false,
    );
    const next = await run(['plugins', 'list'], env);
    expect(next).toMatchObject({ code: 0, err: '' });
  }, 120_000);

  // kill -9 of the CLI at three points of `plugins install`; the next command rolls back.
  const store = (env: NodeJS.ProcessEnv) => join(env.XDG_DATA_HOME!, 'faulty', 'plugins');
  const points: Record<string, (env: NodeJS.ProcessEnv) => boolean> = {
    'journal written, npm starting': (env) => existsSync(join(store(env), 'transaction.json')),
    'package extracted into node_modules': (env) =>
      existsSync(join(store(env), 'node_modules', 'pf-one', 'package.json')),
    'npm done, host checking': (env) => 'pf-one' in deps(env),
  };
  for (const [point, reached] of Object.entries(points)) {
    it(`kill -9 when ${point}: npm dies too, the next start rolls back, and commands work`, async () => {
      const env = envFor(`kill-${Object.keys(points).indexOf(point)}`, registry.env);
      const { child, done } = start(['plugins', 'install', 'pf-one'], env);
      const deadline = Date.now() + 60_000;
      while (!reached(env) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      const killed = await done;
      // the install may have finished before the kill landed: then it must be complete and checked
      const finished = killed.code === 0;
      // the guard kills npm's process group when the CLI dies: nothing may keep running in the store
      const until = Date.now() + 5_000;
      while (processesIn(store(env)).length > 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      expect(processesIn(store(env))).toEqual([]);
      const next = await run(['plugins', 'list', '--json'], env);
      expect(next.code, next.err).toBe(0);
      const list = JSON.parse(next.out) as { package: string }[];
      if (finished) expect(list.map((p) => p.package)).toContain('pf-one');
      else {
        expect(deps(env)).not.toHaveProperty('pf-one');
        expect(existsSync(join(store(env), 'node_modules', 'pf-one'))).toBe(false);
        expect(list.map((p) => p.package)).not.toContain('pf-one');
        expect(existsSync(join(store(env), 'transaction.json'))).toBe(false);
      }
      expect(existsSync(join(store(env), 'node_modules', '@plugboard', 'cli', 'package.json'))).toBe(true);
      const again = await run(['plugins', 'install', 'pf-one'], env);
      expect(again.code, again.err).toBe(0);
      expect(deps(env)).toHaveProperty('pf-one');
    }, 120_000);
  }
});

describe.skipIf(!built)('read-only folders, as a non-privileged user', () => {
  // Root writes through permission bits (CAP_DAC_OVERRIDE): as root, drop it with util-linux setpriv.
  const asRoot = process.getuid?.() === 0;
  const runAs = (args: string[], env: NodeJS.ProcessEnv) => {
    const [cmd, pre] = asRoot
      ? ['setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath]]
      : [process.execPath, []];
    const r = spawnSync(cmd, [...pre, hostFile, ...args], { env, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const errorOf = (err: string) => JSON.parse(err.trim().split('\n').pop()!).error;

  it('a read-only config folder: PB_CLI_FS_DENIED naming the folder and XDG_CONFIG_HOME; reads still work', () => {
    const env = envFor('ro-config');
    const dir = join(env.XDG_CONFIG_HOME!, 'faulty');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.yaml'), 'plugins:\n  settings:\n    a: kept\n');
    chmodSync(dir, 0o555);
    try {
      const r = runAs(['config', 'edit', 'settings', '--set', 'b=x', '--json'], env);
      expect(r.code).toBe(1);
      const e = errorOf(r.err);
      expect(e.code).toBe('PB_CLI_FS_DENIED');
      expect(e.message).toContain(dir);
      expect(e.message).toContain('XDG_CONFIG_HOME');
      expect(JSON.parse(runAs(['settings', 'show', '--json'], env).out)).toMatchObject({ a: 'kept' });
    } finally {
      chmodSync(dir, 0o755);
    }
  }, 60_000);

  it('a read-only data folder: PB_CLI_FS_DENIED naming the folder and XDG_DATA_HOME', () => {
    const env = envFor('ro-data');
    const dir = join(env.XDG_DATA_HOME!, 'faulty');
    mkdirSync(dir, { recursive: true });
    const plugin = writePackage(
      join(home, 'ro-plugin'),
      {
        name: 'ro-plugin',
        version: '1.0.0',
        peerDependencies: { '@plugboard/cli': '^0.1.0' },
        plugboard: { entryPoints: { cli: { ro: './index.js' } } },
      },
      { 'index.js': pluginSource('ro') },
    );
    chmodSync(dir, 0o555);
    try {
      const r = runAs(['plugins', 'link', plugin, '--json'], env);
      expect(r.code).toBe(1);
      const e = errorOf(r.err);
      expect(e.code).toBe('PB_CLI_FS_DENIED');
      expect(e.message).toContain(dir);
      expect(e.message).toContain('XDG_DATA_HOME');
      expect(runAs(['--help'], env).code).toBe(0);
    } finally {
      chmodSync(dir, 0o755);
    }
  }, 60_000);
});
