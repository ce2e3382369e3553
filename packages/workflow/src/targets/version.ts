import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const hashes = new Map<string, string>();

/** A stage's version: the first 12 hex digits of the SHA-256 of its module (Flowdapt records the same). */
export function moduleVersion(file: string): string {
  let v = hashes.get(file);
  if (v === undefined) {
    v = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
    hashes.set(file, v);
  }
  return v;
}

/** For stages handed in as functions: the hash of their source text. */
export function functionVersion(fn: (...args: never[]) => unknown): string {
  return createHash('sha256').update(fn.toString()).digest('hex').slice(0, 12);
}
