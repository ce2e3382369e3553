import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every stable error code in a package's code table is asserted by at least one
// test, by its text ('PB_X_Y') or its table key (XCodes.Y): a code no test
// mentions is a code whose message nobody has read.
const root = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string, match: (f: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, match, out);
    else if (match(path)) out.push(path);
  }
  return out;
}

interface Code {
  table: string;
  key: string;
  code: string;
  file: string;
}

function codeTables(): Code[] {
  const codes: Code[] = [];
  for (const file of files(join(root, 'packages'), (f) => /\/src\/(.*\/)?errors\.ts$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    for (const table of text.matchAll(/export const (\w+Codes) = \{([\s\S]*?)\} as const/g)) {
      for (const entry of table[2]!.matchAll(/(\w+): '(PB_[A-Z0-9_]+)'/g)) {
        codes.push({ table: table[1]!, key: entry[1]!, code: entry[2]!, file: relative(root, file) });
      }
    }
  }
  return codes;
}

describe('error codes', () => {
  const codes = codeTables();
  const tests = ['packages', 'apps', 'examples', 'test']
    .flatMap((d) => files(join(root, d), (f) => f.endsWith('.test.ts')))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

  it('follow the one scheme PB_<AREA>_<WHAT>', () => {
    expect(codes.length).toBeGreaterThan(30);
    for (const c of codes) expect(c.code, `${c.file} ${c.key}`).toMatch(/^PB_[A-Z0-9]+(_[A-Z0-9]+)*$/);
  });

  it('each has a test that asserts it', () => {
    const untested = codes
      .filter((c) => !tests.includes(c.code) && !tests.includes(`${c.table}.${c.key}`))
      .map((c) => `${c.code} (${c.file})`);
    expect(untested).toEqual([]);
  });
});
