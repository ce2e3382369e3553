import { parsePath } from '../path.js';

/**
 * Whether a changed key matches a subscription pattern: `db.port` exactly,
 * `db` (and anything under it), `db.*` (one level), `db.**` (any depth), `*`.
 */
export function matchKey(pattern: string, key: string): boolean {
  if (pattern === '**' || pattern === '*') return true;
  const pat = pattern.split('.').flatMap((s) => (s === '*' || s === '**' ? [s] : (parsePath(s) ?? [s])));
  const segs = parsePath(key) ?? [key];
  for (let i = 0; i < pat.length; i++) {
    const p = pat[i];
    if (p === '**') return true;
    if (i >= segs.length) return false;
    if (p !== '*' && String(p) !== String(segs[i])) return false;
  }
  return true;
}
