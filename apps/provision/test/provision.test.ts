import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// End to end through the built binary (`npm test` builds before vitest runs).
const bin = fileURLToPath(new URL('../bin/provision.cjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'provision-e2e-'));
const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
const provision = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** The files one run loads, from Node's module debug log (CommonJS and ESM). */
const loaded = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...env, NODE_DEBUG: 'module,esm' },
    encoding: 'utf8',
    // Node 24's esm debug log dumps each module record: far past spawnSync's 1 MB default
    maxBuffer: 256 * 1024 * 1024,
  });
  const files = [
    ...[...r.stderr.matchAll(/^MODULE \d+: load "([^"]+)" for module/gm)].map((m) => m[1]!),
    ...[...r.stderr.matchAll(/^ESM \d+: Storing file:\/\/(\S+) /gm)].map((m) => m[1]!),
  ];
  return [...new Set(files)];
};
const cacheDir = join(home, 'data', 'provision', 'cache');
afterAll(() => rmSync(home, { recursive: true, force: true }));

const built = existsSync(fileURLToPath(new URL('../dist/bin.js', import.meta.url)));

describe.skipIf(!built)('provision (built binary)', () => {
  it('shows the bundled groups in --help', () => {
    const r = provision('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hello\s+greet people/);
    expect(r.out).toMatch(/sysinfo\s+inspect this machine/);
    expect(r.out).toMatch(/self\s+where provision keeps its files/);
  });

  it('runs plugin commands with config and --json', () => {
    expect(provision('hello', 'world', 'Ada')).toMatchObject({ code: 0, out: 'Hello, Ada!\n' });
    const info = provision('sysinfo', 'show', '--json');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.out).node).toBe(process.version);
    const dir = join(home, 'tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(2048));
    writeFileSync(join(dir, 'sub', 'small.txt'), 'y');
    const disk = JSON.parse(provision('sysinfo', 'disk', dir, '--json', '--top', '1').out);
    expect(disk).toMatchObject({
      files: 2,
      folders: 2,
      bytes: 2049,
      largest: [{ path: 'big.txt', bytes: 2048 }],
    });
  });

  it('exits 2 on usage errors and 1 on a bad config value', () => {
    expect(provision('sysinfo', 'disk', '--top', 'x').code).toBe(2);
    expect(provision('hello', 'wrld').code).toBe(2);
    const bad = provision('config', 'edit', 'sysinfo', '--set', 'units=PB', '--json');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('PB_CLI_CONFIG_INVALID');
    expect(bad.err).toContain('plugins.sysinfo.units');
  });

  it('lists plugins and their sources', () => {
    const list = JSON.parse(provision('plugins', 'list', '--json').out);
    expect(list.map((p: { group: string }) => p.group).sort()).toEqual(['hello', 'self', 'sysinfo']);
  });
});

describe.skipIf(!built)('help from the command index (built bin)', () => {
  const cases = [
    [],
    ['--help'],
    ['-h'],
    ['help'],
    ['hello', '--help'],
    ['help', 'sysinfo'],
    ['sysinfo', '-h', '--json'],
    ['hello'],
    ['hello', '--json'],
  ];

  it('prints byte for byte what the full CLI prints, for every help-only command line', () => {
    for (const argv of cases) {
      rmSync(cacheDir, { recursive: true, force: true });
      const full = provision(...argv); // no index: the full CLI answers (and writes the index)
      expect(existsSync(join(cacheDir, 'discovery.json'))).toBe(true);
      const fast = provision(...argv);
      expect(fast, argv.join(' ')).toEqual(full);
      // a group without a command: its help on stderr, usage exit code
      const usage = argv[0] === 'hello' && (argv.length === 1 || argv[1] === '--json');
      expect(full.code, argv.join(' ')).toBe(usage ? 2 : 0);
    }
  });

  it('--help never loads plugin code, cold or warm; a cold one loads commander', () => {
    rmSync(cacheDir, { recursive: true, force: true });
    expect(loaded(['--help']).some((f) => f.includes('/commander/'))).toBe(true);
    const warm = loaded(['--help']);
    // Warm, it is the bin and one import-free file (the fast-help reader with core's light
    // index reader joined in): no commander, no core main entry, no plugin code.
    const rel = (f: string) => f.replace(/^.*\/(?=(apps|packages)\/)/, '');
    expect(warm.map(rel)).toEqual([
      'apps/provision/bin/provision.cjs',
      'packages/cli/dist/fast-help/index.cjs',
    ]);
    // Tools creating dot folders in node_modules (another host's index, a bundler cache)
    // while the index is warm do not make it stale.
    const dot = fileURLToPath(new URL('../node_modules/.plugboard-test-dot', import.meta.url));
    mkdirSync(dot, { recursive: true });
    try {
      expect(loaded(['--help']).map(rel)).toEqual(warm.map(rel));
    } finally {
      rmSync(dot, { recursive: true, force: true });
    }
    // a command that runs still loads the CLI
    expect(loaded(['hello', 'world']).some((f) => f.includes('/commander/'))).toBe(true);
  });

  it('--help into /dev/null or a pipe does not load node:tty; the help is the same', () => {
    provision('--help'); // warm the index
    const preload = join(home, 'report-tty.cjs');
    writeFileSync(
      preload,
      "process.on('exit', () => require('node:fs').writeSync(2, 'tty:' + process.moduleLoadList.includes('NativeModule tty') + '\\n'));\n",
    );
    const run = (stdout: 'pipe' | number) =>
      spawnSync(process.execPath, ['--require', preload, bin, '--help'], {
        env,
        encoding: 'utf8',
        stdio: ['ignore', stdout, 'pipe'],
      });
    const devNull = openSync('/dev/null', 'w');
    try {
      const quiet = run(devNull);
      expect(quiet.status).toBe(0);
      expect(quiet.stderr).toBe('tty:false\n');
    } finally {
      closeSync(devNull);
    }
    const piped = run('pipe');
    expect(piped.stderr).toBe('tty:false\n');
    expect(piped.stdout).toMatch(/hello\s+greet people/);
  });
});
