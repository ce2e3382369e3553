import type { KeyPath } from '../path.js';
import { deepFreeze, freezeShallow, hiddenKeysOf, hideKey } from '../secrets.js';
import { isContainer, type TemplateNode } from './graph.js';

/** A derived value and whether it came (wholly or partly) from a secret resolver. */
export interface Val {
  value: unknown;
  secret: boolean;
}

export interface Assembled {
  value: Record<string, unknown>;
  secretPaths: KeyPath[];
  secretKeys: string[];
}

function sameKeys(keys: string[], other: object): boolean {
  const theirs = Object.keys(other);
  if (theirs.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== theirs[i]) return false;
  return true;
}

/**
 * Build the frozen, secret-marked config from the raw data and the values of
 * its template nodes, in one walk. Any object equal to its counterpart in
 * `previous` (the last assembled config) is that counterpart, so a reload that
 * changed one key allocates and freezes only the objects on that key's path,
 * and comparing the two configs skips every shared subtree.
 */
export function assemble(
  data: Record<string, unknown>,
  nodes: readonly TemplateNode[],
  results: readonly Val[],
  previous: Record<string, unknown> | undefined,
): Assembled {
  let cursor = 0;
  const build = (raw: object, prev: unknown): object => {
    const array = Array.isArray(raw);
    const before =
      prev !== null && typeof prev === 'object' && Array.isArray(prev) === array
        ? (prev as Record<string | number, unknown>)
        : undefined;
    const bag = raw as Record<string | number, unknown>;
    const keys = array ? undefined : Object.keys(raw);
    const n = keys ? keys.length : (raw as unknown[]).length;
    const hiddenBefore = before && hiddenKeysOf(before);
    let same =
      before !== undefined && (keys ? sameKeys(keys, before) : (before as unknown as unknown[]).length === n);
    const out = (array ? new Array<unknown>(n) : {}) as Record<string | number, unknown>;
    let secret: (string | number)[] | undefined;
    for (let i = 0; i < n; i++) {
      const k = keys ? keys[i]! : i;
      const v = bag[k];
      let r: unknown;
      let isSecret = false;
      const node = nodes[cursor];
      if (node !== undefined && node.holder === raw && node.at === k) {
        const val = results[cursor++]!;
        r = val.value;
        isSecret = val.secret;
        if (isSecret) {
          secret ??= [];
          secret.push(k);
        }
        deepFreeze(r);
      } else if (isContainer(v)) {
        r = build(v, before !== undefined && Object.hasOwn(before, k) ? before[k] : undefined);
      } else {
        r = v;
      }
      out[k] = r;
      if (same && (!Object.is(before![k], r) || (hiddenBefore?.has(k) ?? false) !== isSecret)) same = false;
    }
    if (same) return before!;
    if (secret) for (const k of secret) hideKey(out, k);
    return freezeShallow(out);
  };
  const value = build(data, previous) as Record<string, unknown>;
  const secretPaths: KeyPath[] = [];
  const secretKeys: string[] = [];
  for (const node of nodes) {
    if (results[node.index]!.secret) {
      secretPaths.push(node.path);
      secretKeys.push(node.key);
    }
  }
  return { value, secretPaths, secretKeys };
}
