import { join, sep } from 'node:path';
import type { Problem } from '../errors.js';
import { mtimeOf, stampOf } from '../light/index.js';
import { readPackage } from './read-package.js';
import type { PluginPackage, PluginSource } from './types.js';

/** Files a package manager rewrites in a node_modules folder it installs into (npm, pnpm, yarn 1 and 2+). */
const NODE_MODULES_MARKERS = ['.package-lock.json', '.modules.yaml', '.yarn-integrity', '.yarn-state.yml'];

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
  private readonly markers = new Map<string, string | undefined>();

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

  /**
   * The install marker of the outermost `node_modules` folder holding `realDir`, if it
   * has one: npm, pnpm and yarn rewrite it on every install, update or removal there,
   * so it stands for the package.json of every package they put in that folder.
   */
  private markerOf(realDir: string): string | undefined {
    const at = realDir.indexOf(`${sep}node_modules${sep}`);
    if (at === -1) return undefined;
    const root = realDir.slice(0, at + sep.length + 'node_modules'.length);
    if (!this.markers.has(root)) {
      const marker = NODE_MODULES_MARKERS.map((m) => join(root, m)).find((m) => mtimeOf(m) !== -1);
      this.markers.set(root, marker);
    }
    return this.markers.get(root);
  }

  /** Read a candidate package directory (`file`: its package.json, if known); returns its package.json when parsed. */
  visit(dir: string, source: PluginSource, parseAll: boolean, file?: string) {
    const result = readPackage(dir, parseAll, file);
    if (result.problem) this.problem(result.problem);
    if (result.plugin) {
      const key = `${source}\0${result.plugin.dir}`;
      if (!this.seen.has(key)) {
        this.seen.add(key);
        this.found.push({ pkg: result.plugin, source });
        // A plugin edited in place (linked, or in a folder no package manager keeps) must
        // invalidate the index; one a package manager installed is covered by its marker.
        const marker = this.markerOf(result.plugin.dir);
        this.watchPath(marker ?? `${result.plugin.dir}/package.json`);
      }
    }
    return result.json;
  }
}

export { mtimeOf };
