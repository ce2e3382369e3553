import { dirname, isAbsolute } from 'node:path';
import { ConfigError, ConfigErrorCodes, where } from '../errors.js';
import type { Origins } from '../parse/origins.js';
import { formatPath, getAt, isPlainObject, type KeyPath } from '../path.js';
import { assemble, type Val } from './assemble.js';
import { analyse, type Graph, TemplateCache, type TemplateNode, targetOf } from './graph.js';
import type { ReferenceRunner } from './runner.js';
import { type Part, splitArgument } from './template.js';

export interface DeriveInput {
  data: Record<string, unknown>;
  origins: Origins;
  cwd: string;
  runner: ReferenceRunner;
}

export interface Derived {
  /** Frozen, with secret values marked. */
  value: Record<string, unknown>;
  /** Keys whose value came (wholly or partly) from a secret resolver. */
  secretPaths: KeyPath[];
  secretKeys: string[];
}

type Interp = Extract<Part, { t: 'interp' }>;
type Ref = Extract<Part, { t: 'ref' }>;

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
  for (let i = 0; i < path.length - 1; i++) node = node[path[i]!] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return String(value);
}

function joined(vals: readonly Val[]): string {
  let out = '';
  for (const v of vals) out += stringify(v.value);
  return out;
}

/**
 * Resolves every reference and interpolation of a layered config. All keys
 * start at once; a key waits only for the keys it interpolates, so the time
 * taken is the resolver latency times the depth of the dependency chain.
 *
 * One deriver lives as long as its host. Between derivations it keeps the
 * template graph (reused as is when the raw data did not change, as after a
 * resolver's onUpdate), parsed templates by string, and the last config, whose
 * unchanged subtrees the next one shares. References come from the runner's
 * cache unless new.
 */
export class Deriver {
  private readonly templates = new TemplateCache();
  private graph: Graph | undefined;
  private previous: Record<string, unknown> | undefined;

  async derive(input: DeriveInput): Promise<Derived> {
    let graph = this.graph;
    if (!graph || graph.data !== input.data || graph.origins !== input.origins) {
      graph = analyse(input.data, input.origins, this.templates, graph);
      this.graph = graph;
    }
    const results = await evaluate(graph, input);
    const assembled = assemble(input.data, graph.nodes, results, this.previous);
    this.previous = assembled.value;
    return assembled;
  }
}

type Maybe<T> = T | Promise<T>;

function then<T, U>(value: Maybe<T>, fn: (value: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** `fn` of every item, synchronously when none of them is pending. */
function mapAll<T, U>(items: readonly T[], fn: (item: T) => Maybe<U>): Maybe<U[]> {
  const out: Maybe<U>[] = new Array(items.length);
  let pending = false;
  try {
    for (let i = 0; i < items.length; i++) {
      const v = fn(items[i]!);
      out[i] = v;
      if (v instanceof Promise) pending = true;
    }
  } catch (error) {
    // the first error wins; promises already started must not become unhandled rejections
    for (const v of out) if (v instanceof Promise) v.catch(() => {});
    throw error;
  }
  return pending ? Promise.all(out) : (out as U[]);
}

/**
 * The value of every template node. A node whose references were all answered
 * in an earlier derivation is computed synchronously, so a warm reload creates
 * promises only for what is new.
 */
function evaluate(graph: Graph, input: DeriveInput): Maybe<Val[]> {
  const { origins } = graph;
  const { runner } = input;
  const memo: Maybe<Val>[] = new Array(graph.nodes.length);

  const baseDirOf = (node: TemplateNode): string => {
    if (node.baseDir === undefined) {
      const file = origins.fileOf(node.path);
      node.baseDir = file && isAbsolute(file) ? dirname(file) : input.cwd;
    }
    return node.baseDir;
  };
  const evalTarget = (part: Interp, from: TemplateNode): Maybe<Val> => {
    const t = targetOf(graph, part.path, from);
    if (t.kind === 'node') return evalNode(t.node);
    if (t.kind === 'through') {
      return then(evalNode(t.node), (base) => {
        const found = getAt(base.value, t.rest);
        if (found.found) return { value: found.value, secret: base.secret };
        const id = formatPath(part.path);
        const loc = origins.locate(from.path);
        throw new ConfigError(
          ConfigErrorCodes.INTERPOLATION_MISSING,
          `${part.text}${where(loc)} refers to \`${id}\`, which the resolved value of \`${t.node.key}\` does not contain. Fix the path.`,
          loc,
        );
      });
    }
    return then(mapAll(t.nodes, evalNode), (vals) => {
      const copy = copyData(getAt(graph.data, t.path).value);
      let secret = false;
      for (const [i, n] of t.nodes.entries()) {
        secret ||= vals[i]!.secret;
        setAt(copy, n.path.slice(t.path.length), vals[i]!.value);
      }
      return { value: copy, secret };
    });
  };
  const lookup = (part: Ref, node: TemplateNode, arg: string): Maybe<Val> => {
    const { value, query, fallback } = splitArgument(arg);
    const answer = runner.resolve({
      prefix: part.prefix,
      value,
      query,
      form: part.form,
      baseDir: baseDirOf(node),
      key: node.key,
      locate: () => origins.locate(node.path),
    });
    return then(answer, (result) => {
      if (result.value !== undefined) return result;
      if (fallback !== undefined) return { value: fallback, secret: false };
      const loc = origins.locate(node.path);
      throw new ConfigError(
        ConfigErrorCodes.REFERENCE_NOT_FOUND,
        `${part.text}${where(loc)} found no value. Provide it, or give a default: \${${part.prefix}:name:-default}.`,
        { ...loc, prefix: part.prefix },
      );
    });
  };
  const evalRef = (part: Ref, node: TemplateNode): Maybe<Val> => {
    if (part.arg.length === 0) return lookup(part, node, '');
    const only = part.arg[0]!;
    if (part.arg.length === 1 && only.t === 'lit') return lookup(part, node, only.s);
    // interpolations inside the argument resolve first (a dependency level)
    return then(evalParts(part.arg, node), (args) => lookup(part, node, joined(args)));
  };
  const evalPart = (part: Part, node: TemplateNode): Maybe<Val> => {
    if (part.t === 'lit') return { value: part.s, secret: false };
    if (part.t === 'interp') return evalTarget(part, node);
    return evalRef(part, node);
  };
  const evalParts = (parts: Part[], node: TemplateNode): Maybe<Val[]> =>
    mapAll(parts, (part) => evalPart(part, node));
  const evalNode = (node: TemplateNode): Maybe<Val> => {
    let v = memo[node.index];
    if (v === undefined) {
      const parts = node.parts;
      v =
        parts.length === 1
          ? evalPart(parts[0]!, node)
          : then(evalParts(parts, node), (vals) => ({
              value: joined(vals),
              secret: vals.some((x) => x.secret),
            }));
      memo[node.index] = v;
    }
    return v;
  };
  return mapAll(graph.nodes, evalNode);
}
