import {
  ErrorCodes,
  type ExcludedPlugin,
  type HostDiscovery,
  type HostPlugin,
  type PluginSource,
  type Problem,
  scanPlugins,
} from '@plugboard/core';
import { type DiscoveryScope, discoverOptions } from '../discovery.js';
import { type GroupHost, loadGroupHost } from './hosts.js';

/** One group as its host sees it. */
export interface GroupView {
  group: string;
  host: GroupHost;
  found: HostDiscovery<unknown, unknown>;
  /** Plugins the host left out, with where they came from (for rows) when known. */
  excluded: Array<ExcludedPlugin & { source?: PluginSource; entry?: string }>;
  plugins: HostPlugin<unknown, unknown>[];
  /** With no adapter installed: plugins whose peer range cannot be checked (neither usable nor excluded). */
  unchecked: Array<ExcludedPlugin & { source?: PluginSource; entry?: string }>;
}

export interface ProjectView {
  cwd: string;
  groups: GroupView[];
  /** Every problem once: discovery's own (bad package.json, loops…) and each host's. */
  problems: Problem[];
  /** Directories of every plugin package discovery found, for manifest checks. */
  packageDirs: string[];
}

const problemKey = (p: Problem) => `${p.code}\0${p.package}\0${p.plugin}\0${p.path}\0${p.message}`;

/**
 * What every host of the project sees: one scan to learn the groups, then each
 * group's own host definition over the same sources (the index answers the
 * repeats). Nothing here decides precedence, compatibility or names: the kit does.
 */
export async function inspectProject(scope: DiscoveryScope & { group?: string }): Promise<ProjectView> {
  const options = discoverOptions(scope);
  const scanned = scanPlugins(options);
  const groups = new Set<string>();
  const where = new Map<string, { source: PluginSource; entry: string }>();
  for (const { pkg, source } of scanned.found) {
    for (const [group, entries] of Object.entries(pkg.manifest.entryPoints)) {
      groups.add(group);
      for (const [name, entry] of Object.entries(entries))
        if (!where.has(`${group}\0${name}\0${pkg.dir}`))
          where.set(`${group}\0${name}\0${pkg.dir}`, { source, entry });
    }
  }
  const seen = new Set<string>();
  const problems: Problem[] = [];
  const add = (p: Problem) => {
    if (seen.has(problemKey(p))) return;
    seen.add(problemKey(p));
    problems.push(p);
  };
  for (const p of scanned.problems) add(p);
  const views: GroupView[] = [];
  for (const group of [...groups].sort()) {
    if (scope.group !== undefined && group !== scope.group) continue;
    const host = await loadGroupHost(group, options.cwd);
    const found = host.host.discover({ cwd: options.cwd, sources: options.sources, cache: options.cache });
    const plugins = found.plugins;
    const excluded: GroupView['excluded'] = [];
    const unchecked: GroupView['unchecked'] = [];
    for (const e of found.excluded) {
      const row = { ...e, ...where.get(`${group}\0${e.name}\0${e.package.dir}`) };
      // without an adapter no range can be checked: such a plugin is not excluded, its check is unknown
      if (host.kind === 'none' && e.problem.code === ErrorCodes.INCOMPATIBLE) unchecked.push(row);
      else excluded.push(row);
    }
    for (const p of found.problems) {
      if (host.kind === 'none' && p.code === ErrorCodes.INCOMPATIBLE) continue;
      add(p);
    }
    views.push({ group, host, found, excluded, plugins, unchecked });
  }
  return {
    cwd: options.cwd,
    groups: views,
    problems,
    packageDirs: [...new Set(scanned.found.map((f) => f.pkg.dir))],
  };
}
