import { isFound, isView, readFreshEntry } from './index-file.js';
import type { IndexEntry, LightPackage, LightProblem, LightSource } from './types.js';

/** The key a host's view is stored under: group, adapter and label (a host that changes its rules bumps its version). */
export function viewKey(host: {
  group: string;
  adapter: { name: string; version: string };
  label: string;
}): string {
  return `${host.group} ${host.adapter.name}@${host.adapter.version} ${host.label}`;
}

/** A host's view read back from the index, with packages in place of `found` indexes. */
export interface LightView {
  plugins: Array<{
    name: string;
    source: LightSource;
    package: LightPackage;
    value: string;
    meta: unknown;
    requires: Record<string, string>;
  }>;
  excluded: Array<{
    name: string;
    package: { name: string; version: string; dir: string };
    requires: Record<string, string>;
    problem: LightProblem;
  }>;
  problems: LightProblem[];
  /** Paths the view depends on, with their mtimeMs. */
  fingerprint: Record<string, number>;
}

/** Turn a stored view of `entry` back into packages. */
export function expandView(entry: IndexEntry, key: string): LightView | undefined {
  const stored = entry.views?.[key];
  if (!isView(stored, entry.found.length)) return undefined;
  // only the packages the view points at are read, so only they need to be well formed
  for (const { at } of [...stored.plugins, ...stored.excluded])
    if (!isFound(entry.found[at])) return undefined;
  const pkg = (at: number) => entry.found[at]!.pkg;
  return {
    plugins: stored.plugins.map((p) => ({
      name: p.name,
      source: p.source,
      package: pkg(p.at),
      value: p.value,
      meta: p.meta,
      requires: p.requires,
    })),
    excluded: stored.excluded.map((e) => {
      const { name, version, dir } = pkg(e.at);
      return { name: e.name, package: { name, version, dir }, requires: e.requires, problem: e.problem };
    }),
    problems: stored.problems,
    fingerprint: entry.watch,
  };
}

/**
 * A host's final view from the discovery index, if the scan it was made from
 * still holds: what a help screen needs, with no scan, no semver, no schema.
 */
export function readHostView(file: string, key: string, view: string): LightView | undefined {
  const entry = readFreshEntry(file, key, false);
  return entry && expandView(entry, view);
}
