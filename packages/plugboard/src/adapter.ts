import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** An installed adapter package (`@plugboard/<group>`), as the project resolves it. */
export interface AdapterPackage {
  name: string;
  version: string;
  /** Real directory of the package. */
  dir: string;
  /** The package's package.json, parsed. */
  json: Record<string, unknown>;
}

/** npm name of the adapter that serves an entry point group. */
export function adapterName(group: string): string {
  return `@plugboard/${group}`;
}

/**
 * `node_modules/<name>/package.json` in `dir` or the nearest folder above it
 * that has one: Node's lookup without NODE_PATH, which `pnpm exec` and some
 * shells set to global folders the project itself cannot import from.
 */
function installedManifest(name: string, dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, 'node_modules', name, 'package.json');
    if (existsSync(file)) return file;
    if (d === dirname(d)) return undefined;
  }
}

/**
 * Find `@plugboard/<group>` from each directory in turn (the project first).
 * Returns undefined when no directory has it installed, e.g. for a third-party
 * group that has no Plugboard adapter.
 */
export function resolveAdapter(group: string, from: readonly string[]): AdapterPackage | undefined {
  const name = adapterName(group);
  for (const dir of from) {
    const file = installedManifest(name, dir);
    if (!file) continue;
    try {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (typeof json.version !== 'string') continue;
      return { name, version: json.version, dir: realpathSync(dirname(file)), json };
    } catch {
      // An unreadable adapter counts as not installed; doctor reports it as such.
    }
  }
  return undefined;
}
