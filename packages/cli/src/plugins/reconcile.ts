import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '@plugboard/core';

/** Top-level package folders under node_modules (`x`, `@scope/y`). */
function installedNames(modules: string): string[] {
  const names: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(modules);
  } catch {
    return names;
  }
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    if (!name.startsWith('@')) names.push(name);
    else {
      try {
        for (const inner of readdirSync(join(modules, name))) names.push(`${name}/${inner}`);
      } catch {
        // not a folder
      }
    }
  }
  return names;
}

type Lock = {
  packages?: Record<
    string,
    { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
  >;
};

/**
 * The top-level packages the store needs: its package.json dependencies and,
 * through the lockfile, everything they depend on. npm keeps orphans in a
 * lockfile it regenerates from node_modules, so the lockfile alone proves nothing.
 */
function reachable(roots: string[], lock: Lock | undefined): Set<string> {
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name)) return;
    needed.add(name);
    const entry = lock?.packages?.[`node_modules/${name}`];
    for (const dep of Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies })) visit(dep);
  };
  for (const name of roots) visit(name);
  return needed;
}

/**
 * Make node_modules and the lockfile agree with the store's package.json: a
 * package nothing in package.json needs (half-extracted by a killed npm, or left
 * by a rejected install) is removed from both, so nothing unaccounted for is
 * listed as a user plugin. The host's own @plugboard/cli link is kept.
 * Returns the removed names.
 */
export function reconcileStore(pluginsDir: string): string[] {
  const modules = join(pluginsDir, 'node_modules');
  const lockFile = join(pluginsDir, 'package-lock.json');
  let roots: string[];
  try {
    roots = Object.keys(
      JSON.parse(readFileSync(join(pluginsDir, 'package.json'), 'utf8')).dependencies ?? {},
    );
  } catch {
    return []; // no readable manifest: nothing to reconcile against
  }
  let lock: Lock | undefined;
  try {
    lock = JSON.parse(readFileSync(lockFile, 'utf8')) as Lock;
  } catch {
    // Without a lockfile the transitive dependencies are unknown: only an empty store is pruned.
    if (roots.length > 0) return [];
  }
  const needed = reachable(roots, lock);
  needed.add('@plugboard/cli');
  const removed: string[] = [];
  for (const name of existsSync(modules) ? installedNames(modules) : []) {
    if (needed.has(name)) continue;
    try {
      lstatSync(join(modules, name));
      rmSync(join(modules, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // gone already
    }
  }
  if (lock?.packages) {
    const keep = Object.entries(lock.packages).filter(([key]) => {
      const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(key);
      return !m || needed.has(m[1]!);
    });
    if (keep.length !== Object.keys(lock.packages).length)
      writeJsonAtomic(lockFile, { ...lock, packages: Object.fromEntries(keep) }, { pretty: true });
  }
  return removed;
}
