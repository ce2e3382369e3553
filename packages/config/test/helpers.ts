import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defineResolver } from '../src/index.js';

/** A temp folder with the given files; removed by `using`. */
export function tempDir(files: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'pb-config-'));
  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
    return join(root, name);
  };
  for (const [name, text] of Object.entries(files)) write(name, text);
  return {
    root,
    path: (name: string) => join(root, name),
    write,
    [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A resolver that answers from a map after `ms`, counting its calls. */
export function mapResolver(
  prefix: string,
  values: Record<string, unknown>,
  o: { ms?: number; secret?: boolean } = {},
) {
  const calls: string[] = [];
  const resolver = defineResolver({
    prefix,
    secret: o.secret ?? false,
    async resolve(value) {
      calls.push(value);
      if (o.ms) await new Promise((r) => setTimeout(r, o.ms));
      return values[value];
    },
  });
  return { resolver, calls };
}

export const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - start > ms) reject(new Error('condition not met in time'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}
