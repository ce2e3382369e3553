import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Collector } from './collector.js';
import type { RawPackageJson } from './read-package.js';
import type { PluginSource } from './types.js';

const PNPM_STORE = `${sep}node_modules${sep}.pnpm${sep}`;

/**
 * The folder whose modification time tells that `nodeModules` changed. Inside
 * pnpm's virtual store every `name@version` folder is immutable, so the store
 * folder itself stands for all of them: the fingerprint grows with plugins,
 * not with packages.
 */
function watchedFolder(nodeModules: string): string {
  const at = nodeModules.indexOf(PNPM_STORE);
  return at === -1 ? nodeModules : nodeModules.slice(0, at + PNPM_STORE.length - 1);
}

function realpath(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

function depNames(json: RawPackageJson, root: boolean): string[] {
  const names = new Set<string>([
    ...Object.keys(json.dependencies ?? {}),
    ...Object.keys(json.optionalDependencies ?? {}),
  ]);
  if (root) for (const name of Object.keys(json.devDependencies ?? {})) names.add(name);
  return [...names];
}

/**
 * Walk the dependency graph of the project at `root` (breadth first, so the
 * shallowest copy of a package is met first), visiting every installed package.
 */
export function walkDependencies(root: string, source: PluginSource, collector: Collector): void {
  const rootJson = collector.visit(root, source, true);
  collector.watchPath(join(root, 'package.json'));
  const rootReal = realpath(root);
  if (!rootJson || !rootReal) return;

  // Most package folders have no node_modules of their own; remember which do.
  const hasNodeModules = new Map<string, boolean>();
  const nodeModulesOf = (dir: string): string | undefined => {
    if (dir.endsWith(`${sep}node_modules`)) return undefined;
    const nodeModules = join(dir, 'node_modules');
    let present = hasNodeModules.get(nodeModules);
    if (present === undefined) {
      present = existsSync(nodeModules);
      hasNodeModules.set(nodeModules, present);
    }
    return present ? nodeModules : undefined;
  };
  /**
   * The real folder of `name` installed in `nodeModules`, or undefined. Paths
   * here start from real folders, so only the last one or two components can
   * be symlinks (pnpm); lstat tells, and realpath runs only for those.
   */
  const installed = new Map<string, string | undefined>();
  const lookup = (nodeModules: string, name: string): string | undefined => {
    const path = join(nodeModules, name);
    if (installed.has(path)) return installed.get(path);
    // One lstat says both whether the folder exists and whether it is a link;
    // its package.json is read (and a missing one ignored) by the visit that follows.
    const stat = lstatSync(path, { throwIfNoEntry: false });
    let real: string | undefined;
    if (stat) {
      const scope = name.startsWith('@') ? join(nodeModules, name.slice(0, name.indexOf('/'))) : undefined;
      const linked = stat.isSymbolicLink() || (scope !== undefined && lstatSync(scope).isSymbolicLink());
      real = linked ? realpath(path) : path;
      if (linked && real) collector.watchLinked(real);
      collector.watchPath(watchedFolder(nodeModules));
      if (scope) collector.watchPath(scope);
    }
    installed.set(path, real);
    return real;
  };
  /** Node's resolution: `name` in `from/node_modules`, then in each parent's. */
  const resolve = (name: string, from: string): string | undefined => {
    for (let dir = from; ; ) {
      const nodeModules = nodeModulesOf(dir);
      const found = nodeModules && lookup(nodeModules, name);
      if (found) return found;
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  };

  const visited = new Set<string>([rootReal]);
  const queue: Array<[string, RawPackageJson, boolean]> = [[rootReal, rootJson, true]];
  for (let i = 0; i < queue.length; i++) {
    const [real, json, isRoot] = queue[i]!;
    for (const name of depNames(json, isRoot)) {
      const key = resolve(name, real);
      if (!key || visited.has(key)) continue;
      visited.add(key);
      const child = collector.visit(key, source, true);
      if (child) queue.push([key, child, false]);
    }
  }
}
