import { realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Collector } from './collector.js';
import { mtimeOf } from './collector.js';
import type { RawPackageJson as RawDeps } from './read-package.js';
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

/** Node's resolution: look for `name` in `from/node_modules`, then each parent's. */
function resolvePackageDir(name: string, from: string, collector: Collector): string | undefined {
  let dir = from;
  for (;;) {
    if (!dir.endsWith(`${sep}node_modules`)) {
      const nodeModules = join(dir, 'node_modules');
      const candidate = join(nodeModules, name);
      if (mtimeOf(join(candidate, 'package.json')) !== -1) {
        collector.watchPath(watchedFolder(nodeModules));
        if (name.startsWith('@')) collector.watchPath(join(nodeModules, name.split('/')[0]!));
        return candidate;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function depNames(json: RawDeps, root: boolean): string[] {
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
  if (!rootJson) return;
  const visited = new Set<string>();
  const queue: Array<[string, RawDeps, boolean]> = [[root, rootJson, true]];
  for (let i = 0; i < queue.length; i++) {
    const [dir, json, isRoot] = queue[i]!;
    let real = dir;
    try {
      real = realpathSync(dir);
    } catch {
      continue;
    }
    for (const name of depNames(json, isRoot)) {
      const found = resolvePackageDir(name, real, collector);
      if (!found) continue;
      let key = found;
      try {
        key = realpathSync(found);
      } catch {
        // unreadable; visit() below reports it
      }
      if (visited.has(key)) continue;
      visited.add(key);
      const child = collector.visit(found, source, true);
      if (child) queue.push([found, child, false]);
    }
  }
}
