import { ConfigError, ConfigErrorCodes, where } from '../errors.js';
import type { Origins } from '../parse/origins.js';
import { formatPath, getAt, isPlainObject, type KeyPath } from '../path.js';
import { type Part, parseTemplate } from './template.js';

/** A string of the raw config that holds references or interpolations. */
export interface TemplateNode {
  index: number;
  path: KeyPath;
  key: string;
  parts: Part[];
  /** The raw object holding the string and its key there: the value tree is assembled in the same order. */
  holder: object;
  at: string | number;
  /** Keys of the nodes this one interpolates (none for most). */
  deps: Set<string> | undefined;
  /** Folder for the node's relative paths, computed on first use. */
  baseDir?: string;
}

export type Target =
  | { kind: 'node'; node: TemplateNode }
  | { kind: 'through'; node: TemplateNode; rest: KeyPath }
  | { kind: 'subtree'; path: KeyPath; nodes: TemplateNode[] };

/** The template nodes of one raw config and how they depend on each other. */
export interface Graph {
  data: Record<string, unknown>;
  origins: Origins;
  /** In depth-first key order. */
  nodes: TemplateNode[];
  byKey: Map<string, TemplateNode>;
  targets: Map<string, Target>;
}

/**
 * Parsed templates by string, kept across reloads so unchanged strings are not
 * parsed again. Holds only strings of the latest config (the older generation
 * is dropped at each `rotate`).
 */
export class TemplateCache {
  private current = new Map<string, Part[] | null>();
  private previous = new Map<string, Part[] | null>();

  parse(s: string): Part[] | undefined {
    // the same quick test parseTemplate starts with: plain strings are neither parsed nor cached
    if (!s.includes('{{') && !s.includes('${') && !s.includes(':///')) return undefined;
    let parts = this.current.get(s);
    if (parts === undefined) {
      parts = this.previous.get(s) ?? parseTemplate(s) ?? null;
      this.current.set(s, parts);
    }
    return parts ?? undefined;
  }

  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

/** Whether the assembler descends into a value (plain objects and arrays) or keeps it as a leaf. */
export function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object' && (Array.isArray(value) || isPlainObject(value));
}

function collect(data: Record<string, unknown>, templates: TemplateCache): TemplateNode[] {
  const nodes: TemplateNode[] = [];
  const path: (string | number)[] = [];
  const visit = (holder: object, at: string | number, value: unknown): void => {
    if (typeof value === 'string') {
      const parts = templates.parse(value);
      if (!parts) return;
      path.push(at);
      const copy = path.slice();
      path.pop();
      nodes.push({
        index: nodes.length,
        path: copy,
        key: formatPath(copy),
        parts,
        holder,
        at,
        deps: undefined,
      });
    } else if (isContainer(value)) {
      path.push(at);
      walk(value);
      path.pop();
    }
  };
  const walk = (container: object): void => {
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) visit(container, i, container[i]);
    } else {
      const bag = container as Record<string, unknown>;
      for (const k of Object.keys(bag)) visit(bag, k, bag[k]);
    }
  };
  walk(data);
  return nodes;
}

export function interpolations(parts: Part[], out: Extract<Part, { t: 'interp' }>[] = []) {
  for (const p of parts) {
    if (p.t === 'interp') out.push(p);
    else if (p.t === 'ref') interpolations(p.arg, out);
  }
  return out;
}

/** What `{{ path }}` points at: a template node, a key inside one's value, or a plain subtree. */
export function targetOf(graph: Graph, path: KeyPath, from: TemplateNode): Target {
  const id = formatPath(path);
  const known = graph.targets.get(id);
  if (known) return known;
  let target: Target | undefined;
  for (let n = 1; n <= path.length && !target; n++) {
    const node = graph.byKey.get(n === path.length ? id : formatPath(path.slice(0, n)));
    if (node)
      target = n === path.length ? { kind: 'node', node } : { kind: 'through', node, rest: path.slice(n) };
  }
  if (!target) {
    if (!getAt(graph.data, path).found) {
      const loc = graph.origins.locate(from.path);
      throw new ConfigError(
        ConfigErrorCodes.INTERPOLATION_MISSING,
        `{{ ${id} }}${where(loc)} refers to a key that does not exist. Add \`${id}\` to the config or fix the path.`,
        loc,
      );
    }
    const under = graph.nodes.filter((n) => n.key.startsWith(`${id}.`) || n.key.startsWith(`${id}[`));
    target = { kind: 'subtree', path, nodes: under };
  }
  graph.targets.set(id, target);
  return target;
}

/**
 * The previous graph re-pointed at new raw data, when the new data holds the
 * same template strings at the same key paths (a reload that changed plain
 * values only): links and the cycle check stay valid, so they are kept.
 */
function relink(data: Record<string, unknown>, templates: TemplateCache, previous: Graph): boolean {
  const old = previous.nodes;
  const holders: object[] = [];
  const path: (string | number)[] = [];
  let i = 0;
  let same = true;
  const samePath = (node: TemplateNode, at: string | number): boolean => {
    const p = node.path;
    if (p.length !== path.length + 1 || p[path.length] !== at) return false;
    for (let j = 0; j < path.length; j++) if (p[j] !== path[j]) return false;
    return true;
  };
  const visit = (holder: object, at: string | number, value: unknown): void => {
    if (typeof value === 'string') {
      const parts = templates.parse(value);
      if (!parts) return;
      const node = old[i++];
      if (node?.parts !== parts || !samePath(node, at)) same = false;
      else holders.push(holder);
    } else if (isContainer(value)) {
      path.push(at);
      walk(value);
      path.pop();
    }
  };
  const walk = (container: object): void => {
    if (Array.isArray(container)) {
      for (let k = 0; k < container.length && same; k++) visit(container, k, container[k]);
    } else {
      const bag = container as Record<string, unknown>;
      for (const k of Object.keys(bag)) {
        if (!same) return;
        visit(bag, k, bag[k]);
      }
    }
  };
  walk(data);
  if (!same || i !== old.length) return false;
  // an interpolated plain key may be gone
  for (const t of previous.targets.values())
    if (t.kind === 'subtree' && !getAt(data, t.path).found) return false;
  for (const node of old) {
    node.holder = holders[node.index]!;
    node.baseDir = undefined; // the layers may have moved
  }
  return true;
}

/**
 * Find the template nodes of a raw config, link their interpolations and
 * reject cycles. Starts from `previous` when only plain values changed.
 */
export function analyse(
  data: Record<string, unknown>,
  origins: Origins,
  templates: TemplateCache,
  previous?: Graph,
): Graph {
  templates.rotate();
  if (previous && relink(data, templates, previous)) {
    return { data, origins, nodes: previous.nodes, byKey: previous.byKey, targets: previous.targets };
  }
  const nodes = collect(data, templates);
  const graph: Graph = { data, origins, nodes, byKey: new Map(), targets: new Map() };
  for (const node of nodes) graph.byKey.set(node.key, node);
  for (const node of nodes) {
    for (const part of interpolations(node.parts)) {
      const t = targetOf(graph, part.path, node);
      node.deps ??= new Set();
      if (t.kind === 'subtree') for (const n of t.nodes) node.deps.add(n.key);
      else node.deps.add(t.node.key);
    }
  }
  detectCycles(graph);
  return graph;
}

function detectCycles({ nodes, byKey, origins }: Graph): void {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (key: string): void => {
    state.set(key, 1);
    stack.push(key);
    for (const dep of byKey.get(key)!.deps ?? []) {
      const s = state.get(dep);
      if (s === 1) {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const loc = origins.locate(byKey.get(dep)!.path);
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
  for (const node of nodes) if (node.deps && !state.has(node.key)) visit(node.key);
}
