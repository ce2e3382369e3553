import { formatPath, isPlainObject } from '../path.js';

const isBag = (v: unknown): v is object => Array.isArray(v) || isPlainObject(v);

/**
 * Keys (leaves) whose values differ between two configs. Subtrees the two
 * share (a reload re-uses every unchanged object) are skipped at once.
 */
export function changedKeys(a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const path: (string | number)[] = [];
  const visit = (x: unknown, y: unknown): void => {
    if (Object.is(x, y)) return;
    if (isBag(x) && isBag(y) && Array.isArray(x) === Array.isArray(y)) {
      const xs = x as Record<string, unknown>;
      const ys = y as Record<string, unknown>;
      const array = Array.isArray(x);
      for (const k of Object.keys(xs)) {
        path.push(array ? Number(k) : k);
        visit(xs[k], Object.hasOwn(ys, k) ? ys[k] : undefined);
        path.pop();
      }
      for (const k of Object.keys(ys)) {
        if (Object.hasOwn(xs, k)) continue;
        path.push(array ? Number(k) : k);
        visit(undefined, ys[k]);
        path.pop();
      }
      return;
    }
    if (x instanceof Date && y instanceof Date && x.getTime() === y.getTime()) return;
    out.push(formatPath(path));
  };
  visit(a, b);
  return out;
}
