import { existsSync, readdirSync, realpathSync } from 'node:fs';
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

  /**
   * The node_modules folders Node searches from `dir`, nearest first, computed
   * once per folder (most package folders have none of their own, and every
   * package in one folder shares its parent's chain). Paths are built by
   * concatenation: they come from real, normalised folders, and path.join's
   * normalising showed up as a tenth of the walk.
   */
  const chains = new Map<string, readonly string[]>();
  const chainOf = (dir: string): readonly string[] => {
    let chain = chains.get(dir);
    if (chain) return chain;
    const parent = dirname(dir);
    const rest = parent === dir ? [] : chainOf(parent);
    if (dir.endsWith(`${sep}node_modules`)) chain = rest;
    else {
      const own = dir.endsWith(sep) ? `${dir}node_modules` : `${dir}${sep}node_modules`;
      chain = existsSync(own) ? [own, ...rest] : rest;
    }
    chains.set(dir, chain);
    return chain;
  };
  /**
   * What a node_modules (or scope) folder holds: entry name → whether it is a
   * symlink. One readdir per folder answers every lookup in it, where an lstat
   * per package would cost a system call for each dependency edge.
   */
  const listings = new Map<string, Map<string, boolean> | undefined>();
  const listing = (folder: string): Map<string, boolean> | undefined => {
    if (listings.has(folder)) return listings.get(folder);
    let entries: Map<string, boolean> | undefined;
    try {
      entries = new Map(
        readdirSync(folder, { withFileTypes: true }).map((d) => [d.name, d.isSymbolicLink()]),
      );
    } catch {
      entries = undefined; // unreadable: its packages are not found, as a failed lstat would say
    }
    listings.set(folder, entries);
    return entries;
  };
  /**
   * The real folder of `name` installed in `nodeModules`, or undefined. Paths
   * here start from real folders, so only the last one or two components can
   * be symlinks (pnpm); the listing tells, and realpath runs only for those.
   */
  const installed = new Map<string, string | undefined>();
  const lookup = (nodeModules: string, name: string): string | undefined => {
    const path = `${nodeModules}${sep}${name}`;
    if (installed.has(path)) return installed.get(path);
    const slash = name.startsWith('@') ? name.indexOf('/') : -1;
    const scopeName = slash === -1 ? undefined : name.slice(0, slash);
    const top = listing(nodeModules);
    let real: string | undefined;
    let linked: boolean | undefined;
    if (scopeName === undefined) linked = top?.get(name);
    else {
      const scopeLinked = top?.get(scopeName);
      const inner =
        scopeLinked === undefined
          ? undefined
          : listing(join(nodeModules, scopeName))?.get(name.slice(slash + 1));
      linked = inner === undefined ? undefined : scopeLinked || inner;
    }
    if (linked !== undefined) {
      real = linked ? realpath(path) : path;
      if (linked && real) collector.watchLinked(real);
      collector.watchPath(watchedFolder(nodeModules));
      if (scopeName) collector.watchPath(join(nodeModules, scopeName));
    }
    installed.set(path, real);
    return real;
  };
  /** Node's resolution: `name` in `from/node_modules`, then in each parent's. */
  const resolve = (name: string, from: string): string | undefined => {
    for (const nodeModules of chainOf(from)) {
      const found = lookup(nodeModules, name);
      if (found) return found;
    }
    return undefined;
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
