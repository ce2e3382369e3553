import { createDefu } from 'defu';

/** A key path as segments: `users[0].name` is `['users', 0, 'name']`. */
export type KeyPath = ReadonlyArray<string | number>;

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** `['users', 0, 'name']` → `users[0].name`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg) || seg === '') out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `users[0].name` or `a["x.y"]` → segments; returns undefined when the text is not a path. */
export function parsePath(text: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /\s*(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/y;
  let i = 0;
  const src = text.trim();
  while (i < src.length) {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m || (m[1] !== undefined && i > 0 && src[i] !== '.' && src[i] !== ' ')) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
    i = re.lastIndex;
  }
  return out.length ? out : undefined;
}

export function getAt(root: unknown, path: KeyPath): { found: boolean; value?: unknown } {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return { found: false };
    node = (node as Record<string | number, unknown>)[seg];
  }
  return { found: true, value: node };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep merge for layers, by defu: objects merge key by key, arrays (and every
 * other value) are replaced, never concatenated. As with defu, a `null` in a
 * higher layer leaves the lower layer's value in place.
 */
const merge = createDefu((target, key, value) => {
  if (Array.isArray(value) || Array.isArray(target[key])) {
    (target as Record<PropertyKey, unknown>)[key] = value;
    return true;
  }
  return false;
});

export function mergeLayers(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  return merge(over, base);
}
