import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scanPlugins } from '@plugboard/core';
import { type DiscoveryScope, discoverOptions } from '../discovery.js';
import { PlugboardToolCodes, PlugboardToolError } from '../errors.js';

export interface BuildIndexOptions extends Omit<DiscoveryScope, 'cache'> {
  /** Where to write the index. Default `<cwd>/node_modules/.cache/plugboard/discovery.json`, where hosts read it. */
  file?: string;
}

export interface BuildIndexResult {
  file: string;
  /** Plugin packages recorded. */
  packages: number;
  /** Entry points recorded, across all groups. */
  plugins: number;
  /** Problems recorded with the index (run `plugboard doctor` to see them). */
  problems: number;
}

/** Rebuild the discovery index from a fresh scan, the way oclif ships a manifest. */
export function buildIndex(options: BuildIndexOptions = {}): BuildIndexResult {
  const scope = discoverOptions(options);
  const file = options.file
    ? resolve(scope.cwd, options.file)
    : join(scope.cwd, 'node_modules', '.cache', 'plugboard', 'discovery.json');
  const unwritable = (cause?: unknown) =>
    new PlugboardToolError(
      PlugboardToolCodes.INDEX_UNWRITABLE,
      `plugboard: could not write the discovery index to ${file}; make its folder writable or pass --out <file>.`,
      { path: file, cause },
    );
  // Always rescan: a still-valid index would otherwise be returned untouched.
  try {
    rmSync(file, { force: true });
  } catch (error) {
    throw unwritable(error);
  }
  const scanned = scanPlugins({ ...scope, cache: file });
  if (!existsSync(file)) throw unwritable();
  const plugins = scanned.found.reduce(
    (n, f) => n + Object.values(f.pkg.manifest.entryPoints).reduce((m, e) => m + Object.keys(e).length, 0),
    0,
  );
  return { file, packages: scanned.found.length, plugins, problems: scanned.problems.length };
}
