import { ErrorCodes, type Problem } from '../errors.js';
import { inRange } from '../util/semver.js';

export interface OrderNode {
  id: string;
  /** Version of the plugin's package, checked against dependents' ranges. */
  version?: string | undefined;
  /** Other plugin ids this one needs, with a semver range of their version. */
  requires?: Record<string, string> | undefined;
}

export interface OrderResult<T extends OrderNode> {
  /** Plugins that can start, dependencies first. */
  order: T[];
  /** Plugins left out, each with the problem that names why. */
  excluded: Map<string, Problem>;
}

function findCycles(nodes: Map<string, OrderNode>): string[][] {
  // Tarjan's strongly connected components; each component of 2+ (or a self-loop) is a cycle.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const dep of Object.keys(nodes.get(id)?.requires ?? {})) {
      if (!nodes.has(dep)) continue;
      if (!index.has(dep)) {
        visit(dep);
        low.set(id, Math.min(low.get(id)!, low.get(dep)!));
      } else if (onStack.has(dep)) {
        low.set(id, Math.min(low.get(id)!, index.get(dep)!));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      const selfLoop = component.length === 1 && Object.hasOwn(nodes.get(id)?.requires ?? {}, id);
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  };
  for (const id of nodes.keys()) if (!index.has(id)) visit(id);
  return cycles;
}

/** Describe a cycle as a path along `requires` edges, e.g. "a → b → c → a". */
function cyclePath(component: string[], nodes: Map<string, OrderNode>): string {
  const members = new Set(component);
  const path = [component[0]!];
  for (;;) {
    const last = path[path.length - 1]!;
    const next = Object.keys(nodes.get(last)?.requires ?? {}).find(
      (d) => members.has(d) && (!path.includes(d) || d === path[0]),
    );
    if (next === undefined) break;
    path.push(next);
    if (next === path[0]) break;
  }
  return path.join(' → ');
}

/**
 * Order plugins so that each starts after the plugins it `requires`.
 * Missing, incompatible and cyclic requirements exclude the plugins involved,
 * and every dependent of an excluded plugin is excluded with that reason.
 */
export function orderPlugins<T extends OrderNode>(
  list: readonly T[],
  preExcluded?: Map<string, Problem>,
): OrderResult<T> {
  const nodes = new Map(list.map((n) => [n.id, n] as const));
  const excluded = new Map<string, Problem>(preExcluded);
  for (const node of list) {
    for (const [dep, range] of Object.entries(node.requires ?? {})) {
      const target = nodes.get(dep);
      if (!target) {
        excluded.set(node.id, {
          code: ErrorCodes.REQUIRE_MISSING,
          message: `Plugin "${node.id}" requires "${dep}" (${range}), which is not installed; install a package that provides "${dep}" or remove "${node.id}".`,
          plugin: node.id,
        });
        break;
      }
      const ok = target.version === undefined || inRange(target.version, range);
      if (!ok) {
        excluded.set(node.id, {
          code: ErrorCodes.REQUIRE_INCOMPATIBLE,
          message: `Plugin "${node.id}" requires "${dep}" ${range} but ${target.version} is installed; install a matching version of "${dep}".`,
          plugin: node.id,
        });
        break;
      }
    }
  }
  for (const component of findCycles(nodes)) {
    const path = cyclePath(component, nodes);
    for (const id of component) {
      excluded.set(id, {
        code: ErrorCodes.REQUIRE_CYCLE,
        message: `Plugins form a requirement cycle (${path}); none of them can start first. Remove one of the "requires" entries.`,
        plugin: id,
      });
    }
  }
  // Depth-first, dependencies before dependents, otherwise in input order;
  // dependents of excluded plugins are excluded with that reason.
  const order: T[] = [];
  const placed = new Set<string>();
  const place = (node: T): boolean => {
    if (placed.has(node.id)) return true;
    if (excluded.has(node.id)) return false;
    for (const dep of Object.keys(node.requires ?? {})) {
      const target = nodes.get(dep)!;
      if (!place(target)) {
        excluded.set(node.id, dependencyFailed(node.id, dep, excluded.get(dep)!));
        return false;
      }
    }
    placed.add(node.id);
    order.push(node);
    return true;
  };
  for (const node of list) place(node);
  return { order, excluded };
}

export function dependencyFailed(id: string, dep: string, reason: Problem): Problem {
  // The real reason travels with the problem (code in `details`, text in the message),
  // so a user sees why the provider failed, not only that it did.
  const why = reason.message.replace(/\s+$/, '').replace(/\.$/, '');
  return {
    code: ErrorCodes.DEPENDENCY_FAILED,
    message: `Plugin "${id}" was skipped because it requires "${dep}", which cannot start (${reason.code}: ${why}). Fix "${dep}" first.`,
    plugin: id,
    details: { dependency: dep, reason: reason.code },
  };
}

/** `id` and every plugin that requires it, directly or through others. */
export function dependentsOf(list: readonly OrderNode[], id: string): Set<string> {
  const found = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const node of list) {
      if (found.has(node.id) || !Object.keys(node.requires ?? {}).some((d) => found.has(d))) continue;
      found.add(node.id);
      grew = true;
    }
  }
  return found;
}
