import { dirname, isAbsolute } from 'node:path';
import { ConfigError, ConfigErrorCodes, type ConfigLocation, where } from '../errors.js';
import type { Origin } from '../parse/layers.js';
import { formatPath, getAt, isPlainObject, type KeyPath } from '../path.js';
import type { ReferenceRunner } from './runner.js';
import { type Part, parseTemplate, splitArgument } from './template.js';

interface TemplateNode {
  path: KeyPath;
  key: string;
  parts: Part[];
  deps: Set<string>;
}

type Target =
  | { kind: 'node'; node: TemplateNode }
  | { kind: 'through'; node: TemplateNode; rest: KeyPath }
  | { kind: 'subtree'; path: KeyPath; nodes: TemplateNode[] };

interface Val {
  value: unknown;
  secret: boolean;
}

export interface DeriveInput {
  data: Record<string, unknown>;
  origins: Map<string, Origin>;
  cwd: string;
  runner: ReferenceRunner;
}

export interface Derived {
  value: Record<string, unknown>;
  /** Keys whose value came (wholly or partly) from a secret resolver. */
  secretPaths: KeyPath[];
}

/** Location of a key: its own origin, or the nearest ancestor's file. */
export function locate(origins: Map<string, Origin>, path: KeyPath): ConfigLocation {
  const key = formatPath(path);
  for (let n = path.length; n >= 0; n--) {
    const origin = origins.get(formatPath(path.slice(0, n)));
    if (origin) return n === path.length ? { key, ...origin } : { key, file: origin.file };
  }
  return { key };
}

function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = copyData(value[k]);
    return out;
  }
  return value;
}

function setAt(root: unknown, path: KeyPath, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

function collect(value: unknown, path: (string | number)[], out: Map<string, TemplateNode>): void {
  if (typeof value === 'string') {
    const parts = parseTemplate(value);
    if (parts) out.set(formatPath(path), { path: [...path], key: formatPath(path), parts, deps: new Set() });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) collect(v, [...path, i], out);
  } else if (isPlainObject(value)) {
    for (const k of Object.keys(value)) collect(value[k], [...path, k], out);
  }
}

function interpolations(parts: Part[], out: Extract<Part, { t: 'interp' }>[] = []) {
  for (const p of parts) {
    if (p.t === 'interp') out.push(p);
    else if (p.t === 'ref') interpolations(p.arg, out);
  }
  return out;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return String(value);
}

/**
 * Resolve every reference and interpolation of a layered config. All keys
 * start at once; a key waits only for the keys it interpolates, so the time
 * taken is the resolver latency times the depth of the dependency chain.
 */
export async function derive(input: DeriveInput): Promise<Derived> {
  const { data, origins, runner } = input;
  const nodes = new Map<string, TemplateNode>();
  collect(data, [], nodes);

  const targets = new Map<string, Target>();
  const targetOf = (path: KeyPath, from: TemplateNode): Target => {
    const id = formatPath(path);
    const known = targets.get(id);
    if (known) return known;
    let target: Target | undefined;
    for (let n = 1; n <= path.length && !target; n++) {
      const node = nodes.get(formatPath(path.slice(0, n)));
      if (node)
        target = n === path.length ? { kind: 'node', node } : { kind: 'through', node, rest: path.slice(n) };
    }
    if (!target) {
      const found = getAt(data, path);
      if (!found.found) {
        throw new ConfigError(
          ConfigErrorCodes.INTERPOLATION_MISSING,
          `{{ ${id} }}${where(locate(origins, from.path))} refers to a key that does not exist. Add \`${id}\` to the config or fix the path.`,
          locate(origins, from.path),
        );
      }
      const under = [...nodes.values()].filter(
        (n) => n.key.startsWith(`${id}.`) || n.key.startsWith(`${id}[`),
      );
      target = { kind: 'subtree', path, nodes: under };
    }
    targets.set(id, target);
    return target;
  };
  for (const node of nodes.values()) {
    for (const part of interpolations(node.parts)) {
      const t = targetOf(part.path, node);
      if (t.kind === 'subtree') for (const n of t.nodes) node.deps.add(n.key);
      else node.deps.add(t.node.key);
    }
  }
  detectCycles(nodes, origins);

  const memo = new Map<string, Promise<Val>>();
  const evalTarget = async (part: Extract<Part, { t: 'interp' }>, from: TemplateNode): Promise<Val> => {
    const t = targetOf(part.path, from);
    if (t.kind === 'node') return evalNode(t.node);
    if (t.kind === 'through') {
      const base = await evalNode(t.node);
      const found = getAt(base.value, t.rest);
      if (!found.found) {
        const id = formatPath(part.path);
        throw new ConfigError(
          ConfigErrorCodes.INTERPOLATION_MISSING,
          `${part.text}${where(locate(origins, from.path))} refers to \`${id}\`, which the resolved value of \`${t.node.key}\` does not contain. Fix the path.`,
          locate(origins, from.path),
        );
      }
      return { value: found.value, secret: base.secret };
    }
    const copy = copyData(getAt(data, t.path).value);
    let secret = false;
    await Promise.all(
      t.nodes.map(async (n) => {
        const v = await evalNode(n);
        secret ||= v.secret;
        setAt(copy, n.path.slice(t.path.length), v.value);
      }),
    );
    return { value: copy, secret };
  };
  const evalParts = (parts: Part[], node: TemplateNode): Promise<Val[]> =>
    Promise.all(
      parts.map(async (part): Promise<Val> => {
        if (part.t === 'lit') return { value: part.s, secret: false };
        if (part.t === 'interp') return evalTarget(part, node);
        const args = await evalParts(part.arg, node);
        const { value, query, fallback } = splitArgument(args.map((a) => stringify(a.value)).join(''));
        const loc = locate(origins, node.path);
        const file = loc.file;
        const baseDir = file && isAbsolute(file) ? dirname(file) : input.cwd;
        const result = await runner.resolve({
          prefix: part.prefix,
          value,
          query,
          form: part.form,
          baseDir,
          loc,
        });
        if (result.value !== undefined) return result;
        if (fallback !== undefined) return { value: fallback, secret: false };
        throw new ConfigError(
          ConfigErrorCodes.REFERENCE_NOT_FOUND,
          `${part.text}${where(loc)} found no value. Provide it, or give a default: \${${part.prefix}:name:-default}.`,
          { ...loc, prefix: part.prefix },
        );
      }),
    );
  const evalNode = (node: TemplateNode): Promise<Val> => {
    let p = memo.get(node.key);
    if (!p) {
      p = evalParts(node.parts, node).then((vals) => {
        const secret = vals.some((v) => v.secret);
        if (vals.length === 1) return { value: vals[0]!.value, secret };
        return { value: vals.map((v) => stringify(v.value)).join(''), secret };
      });
      memo.set(node.key, p);
    }
    return p;
  };

  const value = copyData(data) as Record<string, unknown>;
  const secretPaths: KeyPath[] = [];
  await Promise.all(
    [...nodes.values()].map(async (node) => {
      const v = await evalNode(node);
      setAt(value, node.path, v.value);
      if (v.secret) secretPaths.push(node.path);
    }),
  );
  return { value, secretPaths };
}

function detectCycles(nodes: Map<string, TemplateNode>, origins: Map<string, Origin>): void {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (key: string): void => {
    state.set(key, 1);
    stack.push(key);
    for (const dep of nodes.get(key)!.deps) {
      const s = state.get(dep);
      if (s === 1) {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const loc = locate(origins, nodes.get(dep)!.path);
        throw new ConfigError(
          ConfigErrorCodes.INTERPOLATION_CYCLE,
          `interpolation cycle ${cycle.join(' → ')}${where(loc)}. Break the cycle by giving one of these keys a literal value.`,
          loc,
        );
      }
      if (s === undefined) visit(dep);
    }
    stack.pop();
    state.set(key, 2);
  };
  for (const key of nodes.keys()) if (!state.has(key)) visit(key);
}
