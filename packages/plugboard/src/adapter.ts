import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
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
 * Resolve `@plugboard/<group>/package.json` from each directory in turn (the
 * project first). Returns undefined when no directory can resolve it, e.g. for
 * a third-party group that has no Plugboard adapter.
 */
export function resolveAdapter(group: string, from: readonly string[]): AdapterPackage | undefined {
  const name = adapterName(group);
  for (const dir of from) {
    let file: string;
    try {
      file = createRequire(join(dir, 'noop.js')).resolve(`${name}/package.json`);
    } catch {
      continue;
    }
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

/** Caches lookups per group for one command run. */
export function adapterResolver(from: readonly string[]): (group: string) => AdapterPackage | undefined {
  const cache = new Map<string, AdapterPackage | undefined>();
  return (group) => {
    if (!cache.has(group)) cache.set(group, resolveAdapter(group, from));
    return cache.get(group);
  };
}
