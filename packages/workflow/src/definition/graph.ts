import type { StageDefinition } from './schema.js';

/** A dependency cycle as a path that starts and ends at the same stage, or undefined. */
export function findCycle(stages: readonly StageDefinition[]): string[] | undefined {
  const deps = new Map(stages.map((s) => [s.name, s.depends_on ?? []]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done' || !deps.has(name)) return undefined;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    path.push(name);
    for (const d of deps.get(name) ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const s of stages) {
    const found = visit(s.name);
    if (found) return found;
  }
  return undefined;
}

/** Stage names in an order where every stage comes after its dependencies (Kahn's algorithm). */
export function topologicalOrder(stages: readonly StageDefinition[]): string[] {
  const indegree = new Map(stages.map((s) => [s.name, (s.depends_on ?? []).length]));
  const dependents = new Map<string, string[]>();
  for (const s of stages) {
    for (const d of s.depends_on ?? []) {
      const list = dependents.get(d);
      if (list) list.push(s.name);
      else dependents.set(d, [s.name]);
    }
  }
  const queue = stages.filter((s) => indegree.get(s.name) === 0).map((s) => s.name);
  const order: string[] = [];
  for (let at = 0; at < queue.length; at++) {
    const n = queue[at] as string;
    order.push(n);
    for (const m of dependents.get(n) ?? []) {
      const left = (indegree.get(m) ?? 0) - 1;
      indegree.set(m, left);
      if (left === 0) queue.push(m);
    }
  }
  return order;
}
