import { type Dirent, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Collector } from './collector.js';
import { fsProblem } from './fs-problem.js';
import type { PluginSource } from './types.js';

function list(dir: string, collector: Collector): Dirent[] {
  collector.watchPath(dir);
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    collector.problem(fsProblem(error, dir));
    return [];
  }
}

/**
 * Visit every package directly inside a `node_modules` folder, scoped
 * packages included. Entries are read through their symlinks (pnpm), and
 * dot-folders (`.bin`, `.pnpm`, `.cache`) are skipped.
 */
export function scanNodeModules(nodeModules: string, source: PluginSource, collector: Collector): void {
  const visit = (dir: string, entry: Dirent) => {
    if (entry.isSymbolicLink()) {
      try {
        collector.watchLinked(realpathSync.native(dir));
      } catch {
        // a dangling or looping link: the visit below reports it
      }
    }
    collector.visit(dir, source, false);
  };
  for (const entry of list(nodeModules, collector)) {
    const name = entry.name;
    if (name.charCodeAt(0) === 46 /* . */) continue;
    const dir = join(nodeModules, name);
    if (name.charCodeAt(0) === 64 /* @ */) {
      for (const scoped of list(dir, collector)) {
        if (scoped.name.charCodeAt(0) !== 46) visit(join(dir, scoped.name), scoped);
      }
    } else {
      visit(dir, entry);
    }
  }
}
