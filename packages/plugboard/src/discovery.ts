import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DiscoverOptions, DiscoverySources } from '@plugboard/core';
import { PlugboardToolCodes, PlugboardToolError } from './errors.js';

/** Where to look for plugins; mirrors a host's discovery settings so results match what it sees. */
export interface DiscoveryScope {
  /** Project directory. Default `process.cwd()`. */
  cwd?: string;
  /** Also scan every package in `node_modules`, not only the project's dependencies. */
  scan?: boolean;
  /** A host's user plugin directory (with its own package.json and node_modules). */
  userDir?: string;
  /** Linked plugin package directories. */
  paths?: string[];
  /** Index file, or false to bypass the index. Default: core's default location. */
  cache?: boolean | string;
}

/** Resolve and check the project directory; a missing one is a usage error. */
export function projectDir(cwd: string | undefined): string {
  const dir = resolve(cwd ?? process.cwd());
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new PlugboardToolError(
      PlugboardToolCodes.CWD_INVALID,
      `plugboard: project directory ${dir} does not exist or is not a directory; pass an existing folder with --cwd.`,
      { exitCode: 2, path: dir },
    );
  }
  return dir;
}

export function discoverOptions(scope: DiscoveryScope): DiscoverOptions & { cwd: string } {
  const sources: DiscoverySources = { dependencies: true, scan: scope.scan ?? false };
  if (scope.userDir) sources.userDir = scope.userDir;
  if (scope.paths?.length) sources.paths = scope.paths;
  return { cwd: projectDir(scope.cwd), sources, cache: scope.cache ?? true };
}
