import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discover, sweepTempFiles, writeFileAtomic, writeJsonAtomic } from '@plugboard/core';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-atomic-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

describe('writeFileAtomic', () => {
  it('replaces a file and creates missing folders', () => {
    const dir = temp();
    const file = join(dir, 'a/b/c.json');
    writeJsonAtomic(file, { v: 1 }, { pretty: true });
    expect(readFileSync(file, 'utf8')).toBe('{\n  "v": 1\n}\n');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'a/b'))).toEqual(['c.json']);
  });

  it('leaves the old content and no temp file when the rename fails', () => {
    const dir = temp();
    const file = join(dir, 'target');
    writeFileSync(file, 'old');
    // Renaming a file over a non-empty folder fails after the temp file was written.
    const folder = join(dir, 'folder');
    writeJsonAtomic(join(folder, 'inside.json'), 1);
    expect(() => writeFileAtomic(folder, 'new', { mkdir: false })).toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('sweepTempFiles', () => {
  const aged = (file: string, ageMs: number) => {
    writeFileSync(file, 'left by a killed process');
    const t = (Date.now() - ageMs) / 1000;
    utimesSync(file, t, t);
    return file;
  };

  it('removes the temp files a killed writer left, not fresh ones or other files', () => {
    const dir = temp();
    const old = aged(join(dir, 'config.yaml.4242.k3x9q1.tmp'), 5 * 60_000);
    const legacy = aged(join(dir, 'links.json.4242.tmp'), 5 * 60_000);
    aged(join(dir, 'config.yaml.4243.a1b2c3.tmp'), 1_000); // a write in flight elsewhere
    aged(join(dir, 'notes.tmp'), 5 * 60_000); // not an atomic-write name
    writeFileSync(join(dir, 'config.yaml'), 'a: 1\n');
    expect(sweepTempFiles(dir).sort()).toEqual([legacy, old].sort());
    expect(readdirSync(dir).sort()).toEqual(['config.yaml', 'config.yaml.4243.a1b2c3.tmp', 'notes.tmp']);
    expect(sweepTempFiles(join(dir, 'missing'))).toEqual([]);
  });

  it('runs whenever discovery writes its index, so any host cleans the shared cache folder', async () => {
    const root = temp();
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    const cacheDir = join(root, 'node_modules', '.cache', 'plugboard');
    mkdirSync(cacheDir, { recursive: true });
    aged(join(cacheDir, 'discovery.json.999.zz9zz9.tmp'), 10 * 60_000);
    await discover({ cwd: root, group: 'cli' });
    expect(readdirSync(cacheDir)).toEqual(['discovery.json']);
  });
});
