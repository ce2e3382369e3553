import { isPlainObject } from '../path.js';

const isBag = (v: unknown): v is Record<string, unknown> | unknown[] => Array.isArray(v) || isPlainObject(v);

/**
 * Give `next` the subtrees of `prev` that did not change. A schema validator
 * returns a new tree on every run, so without this `previous.db === value.db`
 * would never hold after a reload with a schema; the deriver shares unchanged
 * subtrees of the unvalidated config the same way. Returns `prev` itself when
 * nothing under it changed. Objects that are already frozen (a validator that
 * passed its input through) are left as they are.
 */
export function shareUnchanged<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return next;
  if (prev instanceof Date && next instanceof Date)
    return (prev.getTime() === next.getTime() ? prev : next) as T;
  if (!isBag(prev) || !isBag(next) || Array.isArray(prev) !== Array.isArray(next)) return next;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const keys = Object.keys(n);
  let same = keys.length === Object.keys(p).length;
  const writable = Object.isExtensible(n);
  for (const key of keys) {
    const had = Object.hasOwn(p, key);
    const child = had ? shareUnchanged(p[key], n[key]) : n[key];
    if (!had || child !== p[key]) same = false;
    if (writable && child !== n[key]) n[key] = child;
  }
  return (same ? prev : next) as T;
}
