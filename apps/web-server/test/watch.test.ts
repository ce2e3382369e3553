import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/web-server.js', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function write(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), content);
  }
}

/** Output of a running process, and a wait for text to appear in it. */
function watchOutput(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  const waiters: {
    stream: 'stdout' | 'stderr';
    re: RegExp;
    from: number;
    resolve: (m: RegExpMatchArray) => void;
  }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const match = out[w.stream].slice(w.from).match(w.re);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  for (const stream of ['stdout', 'stderr'] as const)
    child[stream]!.on('data', (chunk) => {
      out[stream] += String(chunk);
      check();
    });
  return {
    out,
    /** The next match of `re` in output written after this call. */
    next(re: RegExp, stream: 'stdout' | 'stderr' = 'stdout') {
      return new Promise<RegExpMatchArray>((resolve) => {
        waiters.push({ stream, re, from: out[stream].length, resolve });
      });
    },
    /** A match anywhere in the output so far or to come. */
    seen(re: RegExp, stream: 'stdout' | 'stderr' = 'stdout') {
      return new Promise<RegExpMatchArray>((resolve) => {
        waiters.push({ stream, re, from: 0, resolve });
        check();
      });
    },
  };
}

describe('web-server run --watch (built bin)', () => {
  it('reloads a linked plugin on save, reports a broken save on stderr, recovers, and stops on SIGTERM', async () => {
    expect(existsSync(join(dirname(bin), '../dist/bin.js')), 'build apps/web-server first').toBe(true);
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'web-server-watch-')));
    dirs.push(home);
    const plugin = join(home, 'hello');
    write(plugin, {
      'package.json': JSON.stringify({
        name: 'web-hello',
        version: '1.0.0',
        type: 'module',
        peerDependencies: { '@plugboard/web': '^0.1.0' },
        plugboard: { entryPoints: { web: { hello: './dist/index.js' } }, web: { displayName: 'Hello' } },
      }),
      'dist/index.js': `import { text } from './text.js';
export default { name: 'hello', routes(app) { app.get('/', async () => ({ text })); } };`,
      'dist/text.js': `export const text = 'v1';`,
    });
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
    };
    const link = spawnSync(process.execPath, [bin, 'plugins', 'link', plugin, '--non-interactive'], {
      env,
      encoding: 'utf8',
    });
    expect(link.stderr).toBe('');
    expect(link.status).toBe(0);

    const child = spawn(
      process.execPath,
      [bin, 'run', '--watch', '--port', '0', '--plugins', 'hello', '--non-interactive'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    const output = watchOutput(child);
    const [, url] = await output.seen(/listening on (http:\/\/\S+)/);
    await output.seen(/web-server: watching 1 linked plugin folder \(.*hello\)/);
    const get = async () => {
      const res = await fetch(`${url}/api/hello/`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await get()).toEqual({ status: 200, body: { text: 'v1' } });

    let reloaded = output.next(/^web: reloaded hello in \d+ ms$/m);
    write(plugin, { 'dist/text.js': `export const text = 'v2';` });
    await reloaded;
    expect(await get()).toEqual({ status: 200, body: { text: 'v2' } });

    const failed = output.next(
      /^web: reload of hello failed in \d+ ms after a change to dist\/text\.js: PB_LOAD_FAILED: .*$/m,
      'stderr',
    );
    write(plugin, { 'dist/text.js': `export const text = ;` });
    const [line] = await failed;
    expect(line).toMatch(/plugin "hello" \(web\) from web-hello@1\.0\.0/);
    expect(line).toMatch(/at dist\/text\.js:1/);
    expect(await get()).toMatchObject({
      status: 503,
      body: { code: 'PB_WEB_PLUGIN_DISABLED', state: 'failed' },
    });

    reloaded = output.next(/^web: reloaded hello in \d+ ms$/m);
    write(plugin, { 'dist/text.js': `export const text = 'v3';` });
    await reloaded;
    expect(await get()).toEqual({ status: 200, body: { text: 'v3' } });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.out.stdout).toMatch(/draining requests and stopping plugins/);
  }, 60_000);
});
