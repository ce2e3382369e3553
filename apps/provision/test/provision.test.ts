import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// End to end through the built binary (`npm test` builds before vitest runs).
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'provision-e2e-'));
const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
const provision = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(!existsSync(bin))('provision (built binary)', () => {
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
