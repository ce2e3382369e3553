import { join, sep } from 'node:path';
import type { Problem } from '../errors.js';
import { mtimeOf, stampOf } from '../light/index.js';
import { readPackage } from './read-package.js';
import type { PluginPackage, PluginSource } from './types.js';

export interface FoundPackage {
  pkg: PluginPackage;
  source: PluginSource;
}

/**
 * Accumulates what one discovery pass found, and every path whose
 * stamp proves the result still holds (the index fingerprint).
 */
export class Collector {
  readonly found: FoundPackage[] = [];
  readonly problems: Problem[] = [];
  readonly watch = new Map<string, number>();
  private readonly seen = new Set<string>();

  /** Record a path for the fingerprint; a missing path is recorded as -1. */
  watchPath(path: string): void {
    if (this.watch.has(path)) return;
    this.watch.set(path, stampOf(path));
  }

  /**
   * A package reached through a symlink that leads outside every node_modules
   * folder (a workspace package, `npm link`) is edited in place, not installed:
   * its package.json joins the fingerprint so a new "plugboard" field is seen.
   */
  watchLinked(realDir: string): void {
    if (!realDir.includes(`${sep}node_modules${sep}`)) this.watchPath(join(realDir, 'package.json'));
  }

  problem(problem: Problem): void {
    this.problems.push(problem);
  }

  /** Read a candidate package directory; returns its package.json when parsed. */
  visit(dir: string, source: PluginSource, parseAll: boolean) {
    const result = readPackage(dir, parseAll);
    if (result.problem) this.problem(result.problem);
    if (result.plugin) {
      const key = `${source}\0${result.plugin.dir}`;
      if (!this.seen.has(key)) {
        this.seen.add(key);
        this.found.push({ pkg: result.plugin, source });
        // A plugin edited in place (linked, or patched) must invalidate the index.
        this.watchPath(`${result.plugin.dir}/package.json`);
      }
    }
    return result.json;
  }
}

export { mtimeOf };
