import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ErrorCodes, type Problem } from '../errors.js';
import { indexFilePath, indexKey, normalizeSources } from '../light/index.js';
import { Collector, type FoundPackage, mtimeOf } from './collector.js';
import { checkCompatibility } from './compat.js';
import { walkDependencies } from './dependencies.js';
import { type IndexEntry, readIndex, writeIndex } from './index-cache.js';
import { loadEntryPoint, type ShapeGuard } from './load.js';
import { selectEntries } from './precedence.js';
import { scanNodeModules } from './scan.js';
import type { DiscoveredPlugin, DiscoverOptions, DiscoveryResult, DiscoverySources } from './types.js';

/** Lockfiles and install markers: any install rewrites at least one of them. */
const INSTALL_MARKERS = [
  'package-lock.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'node_modules/.package-lock.json',
  'node_modules/.modules.yaml',
];

export interface DiscoverWithGuardOptions extends DiscoverOptions {
  /** Checks each loaded entry point's shape; `load()` rejects with PB_SHAPE_INVALID when it complains. */
  guard?: ShapeGuard;
}

function collect(cwd: string, sources: Required<DiscoverySources>): Collector {
  const collector = new Collector();
  for (const path of sources.paths) {
    collector.watchPath(join(path, 'package.json'));
    const json = collector.visit(path, 'path', false);
    if (json === undefined || (json as { plugboard?: unknown }).plugboard === undefined) {
      if (mtimeOf(path) === -1) {
        collector.problem({
          code: ErrorCodes.PATH_MISSING,
          message: `Linked plugin folder ${path} does not exist; fix the link or remove it.`,
          path,
        });
      } else if (!collector.problems.some((p) => p.path?.startsWith(path))) {
        collector.problem({
          code: ErrorCodes.MANIFEST_INVALID,
          message: `${path} is not a plugin package (no package.json with a "plugboard" field); link the plugin's package folder instead.`,
          path,
        });
      }
    }
  }
  if (sources.userDir) {
    collector.watchPath(join(sources.userDir, 'package.json'));
    scanNodeModules(join(sources.userDir, 'node_modules'), 'user', collector);
  }
  if (sources.dependencies) walkDependencies(cwd, 'dependencies', collector);
  if (sources.scan) scanNodeModules(join(cwd, 'node_modules'), 'scan', collector);
  for (const marker of INSTALL_MARKERS) collector.watchPath(join(cwd, marker));
  return collector;
}

/** Scan (or read the index) without filtering by group or host. */
export function scanPlugins(options: DiscoverOptions = {}): {
  found: FoundPackage[];
  problems: Problem[];
  from: 'index' | 'scan';
  fingerprint: Record<string, number>;
  /** Where the result is cached: hosts store their view of it beside it (`entry` when read from the index). */
  index?: { file: string; key: string; entry?: IndexEntry };
} {
  const cwd = resolve(options.cwd ?? process.cwd());
  const sources = normalizeSources(cwd, options.sources);
  const file = indexFilePath(cwd, options.cache);
  const key = indexKey(cwd, options.sources);
  if (file) {
    const index = readIndex(file, key);
    if (index)
      return {
        found: index.found as FoundPackage[],
        problems: index.problems,
        from: 'index',
        fingerprint: index.watch,
        index: { file, key, entry: index },
      };
    // Create the folder before scanning so creating it later cannot change a watched mtime.
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch {
      // read-only: stay cold
    }
  }
  const collector = collect(cwd, sources);
  if (file) {
    writeIndex(file, key, {
      watch: Object.fromEntries(collector.watch),
      found: collector.found,
      problems: collector.problems,
    });
  }
  return {
    found: collector.found,
    problems: collector.problems,
    from: 'scan',
    fingerprint: Object.fromEntries(collector.watch),
    ...(file ? { index: { file, key } } : {}),
  };
}

/**
 * Find the plugins of a group in the host project. Never throws for a bad
 * package: every issue becomes a `problem`, and healthy plugins are returned.
 */
export async function discover(options: DiscoverWithGuardOptions = {}): Promise<DiscoveryResult> {
  return discoverSync(options);
}

/** Synchronous `discover()`, for start-up paths such as CLI help. */
export function discoverSync(options: DiscoverWithGuardOptions = {}): DiscoveryResult {
  const scanned = scanPlugins(options);
  const problems = [...scanned.problems];
  const plugins: DiscoveredPlugin[] = [];
  const incompatible = new Set<string>();
  for (const { entry, group, name, value } of selectEntries(scanned.found, options.group, problems)) {
    const { pkg } = entry;
    if (options.host) {
      const problem = checkCompatibility(pkg, options.host);
      if (problem) {
        if (!incompatible.has(pkg.dir)) problems.push(problem);
        incompatible.add(pkg.dir);
        continue;
      }
    }
    let loaded: Promise<unknown> | undefined;
    const guard = options.guard;
    plugins.push({
      name,
      group,
      value,
      package: pkg,
      source: entry.source,
      load: () => {
        loaded ??= loadEntryPoint({ pkg, group, name, value, guard });
        return loaded;
      },
    });
  }
  return { plugins, problems, from: scanned.from, fingerprint: scanned.fingerprint };
}
