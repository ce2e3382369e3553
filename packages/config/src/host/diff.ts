import { formatPath, isPlainObject } from '../path.js';

/** Keys (leaves) whose values differ between two configs. */
export function changedKeys(
  a: unknown,
  b: unknown,
  path: (string | number)[] = [],
  out: string[] = [],
): string[] {
  if (Object.is(a, b)) return out;
  const ao = Array.isArray(a) || isPlainObject(a);
  const bo = Array.isArray(b) || isPlainObject(b);
  if (ao && bo && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of keys) {
      const seg = Array.isArray(a) ? Number(k) : k;
      changedKeys((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, seg], out);
    }
    return out;
  }
  if (a instanceof Date && b instanceof Date && a.getTime() === b.getTime()) return out;
  out.push(formatPath(path));
  return out;
}
