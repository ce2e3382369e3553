import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@plugboard/core';
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
