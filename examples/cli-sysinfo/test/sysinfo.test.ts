import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCli } from '@plugboard/cli';
import { createCliHarness } from '@plugboard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { diskUsage, formatBytes } from '../src/disk.js';
import sysinfo from '../src/index.js';

const home = mkdtempSync(join(tmpdir(), 'cli-sysinfo-'));
// @plugboard/testing's harness: the plugin inside a throwaway CLI, output captured.
const cli = createCliHarness((io) =>
  createCli({ name: 'provision', version: '1.0.0', plugins: [sysinfo], ...io }),
);
afterAll(() => {
  cli.cleanup();
  rmSync(home, { recursive: true, force: true });
});
const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => cli.run(argv, { env });

describe('sysinfo', () => {
  it('formats bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1536, 'B')).toBe('1536 B');
  });

  it('walks a folder, skipping excluded names', async () => {
    const dir = join(home, 'tree');
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'a.txt'), 'aaaa');
    writeFileSync(join(dir, 'node_modules', 'x', 'big'), 'b'.repeat(100));
    const usage = await diskUsage(dir, { top: 5, exclude: ['node_modules'], maxFiles: 10 });
    expect(usage).toMatchObject({ files: 1, folders: 1, bytes: 4, truncated: false });
  });

  it('shows the machine as JSON', async () => {
    const r = await run(['sysinfo', 'show', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toHaveProperty('cpu.count');
  });

  it('rejects a config value outside the schema (env var), naming the key', async () => {
    const r = await run(['sysinfo', 'show'], { PROVISION_SYSINFO__TOP: '1000' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('plugins.sysinfo.top');
  });

  it('fails clearly on a folder that does not exist and on a bad --top', async () => {
    const missing = await run(['sysinfo', 'disk', join(home, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
    expect((await run(['sysinfo', 'disk', '--top', '-3'])).code).toBe(2);
  });
});
