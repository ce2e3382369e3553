import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Collector } from './collector.js';
import { fsProblem } from './fs-problem.js';
import type { PluginSource } from './types.js';

function list(dir: string, collector: Collector): string[] {
  collector.watchPath(dir);
  try {
    return readdirSync(dir);
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
  for (const entry of list(nodeModules, collector)) {
    if (entry.charCodeAt(0) === 46 /* . */) continue;
    const dir = join(nodeModules, entry);
    if (entry.charCodeAt(0) === 64 /* @ */) {
      for (const scoped of list(dir, collector)) {
        if (scoped.charCodeAt(0) !== 46) collector.visit(join(dir, scoped), source, false);
      }
    } else {
      collector.visit(dir, source, false);
    }
  }
}
