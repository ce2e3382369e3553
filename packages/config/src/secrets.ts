import { inspect } from 'node:util';
import { isPlainObject, type KeyPath } from './path.js';

export const REDACTED = '[secret]';

/** Secret strings are scrubbed from messages only when at least this long (shorter ones would mangle text). */
const MIN_SCRUB = 4;

/** Known secret values of one host, for scrubbing messages and logs. */
export class Secrets {
  private readonly values = new Set<string>();

  remember(value: unknown): void {
    if (typeof value === 'string') {
      if (value.length >= MIN_SCRUB) this.values.add(value);
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      this.remember(String(value));
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) this.remember(v);
    }
  }

  /** Whether any secret is known yet (scrubbing is free until one is). */
  get size(): number {
    return this.values.size;
  }

  /** Whether a text holds a known secret value. */
  leaks(text: string): boolean {
    for (const secret of this.values) if (text.includes(secret)) return true;
    return false;
  }

  /** Replace every known secret value in a text with `[secret]`. */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.values) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
}

const hidden = new WeakMap<object, Set<string | number>>();

function redactedCopy(node: object): unknown {
  const keys = hidden.get(node)!;
  if (Array.isArray(node)) return node.map((v, i) => (keys.has(i) ? REDACTED : v));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = keys.has(k) ? REDACTED : v;
  return out;
}

function methods(node: object): void {
  Object.defineProperty(node, 'toJSON', { value: () => redactedCopy(node), enumerable: false });
  Object.defineProperty(node, inspect.custom, {
    value: (_depth: number, options: object, insp: typeof inspect) => insp(redactedCopy(node), options),
    enumerable: false,
  });
}

/**
 * Mark the values at `paths` as secret: the objects holding them get hidden
 * `toJSON` and `util.inspect` methods that print `[secret]` instead. Reading
 * `config.db.password` still gives the value; printing `config` does not.
 */
export function hideSecrets(root: unknown, paths: readonly KeyPath[]): void {
  for (const path of paths) {
    let node = root;
    for (let i = 0; i < path.length; i++) {
      if (node === null || typeof node !== 'object') break;
      if (i === path.length - 1) hideKey(node, path[i]!);
      node = (node as Record<string | number, unknown>)[path[i]!];
    }
  }
}

/**
 * Mark one key of an object as secret. An object frozen without marks (a
 * schema output reusing part of an already frozen tree elsewhere) is left as is.
 */
export function hideKey(node: object, key: string | number): void {
  let keys = hidden.get(node);
  if (!keys) {
    if (!Object.isExtensible(node)) return;
    keys = new Set();
    hidden.set(node, keys);
    methods(node);
  }
  keys.add(key);
}

/** The keys of `node` marked secret, if any. */
export function hiddenKeysOf(node: object): ReadonlySet<string | number> | undefined {
  return hidden.get(node);
}

/** A deep plain copy with every secret value visible: the explicit way to print or serialise secrets. */
export function revealSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => revealSecrets(v)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = revealSecrets(v);
    return out as T;
  }
  return value;
}

/** Objects this module froze deeply; reloads share unchanged subtrees, which need no second walk. */
const deepFrozen = new WeakSet<object>();

/** Freeze plain objects and arrays deeply. */
export function deepFreeze<T>(value: T): T {
  if ((Array.isArray(value) || isPlainObject(value)) && !deepFrozen.has(value)) {
    Object.freeze(value);
    deepFrozen.add(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** Freeze one object whose children are already deeply frozen (or are primitives). */
export function freezeShallow<T extends object>(value: T): T {
  Object.freeze(value);
  deepFrozen.add(value);
  return value;
}
