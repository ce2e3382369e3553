import { duplicateProblem } from '../discovery/precedence.js';
import type { PluginPackage } from '../discovery/types.js';
import type { Problem } from '../errors.js';
import type { ProvidedPlugin } from './types.js';

/** A plugin of the host's view, discovered or provided, before `load()` is attached. */
export interface Candidate<T, M> {
  name: string;
  source: 'path' | 'user' | 'dependencies' | 'scan' | 'provided';
  package: PluginPackage;
  value: string;
  meta: M | undefined;
  requires: Record<string, string>;
  provided?: ProvidedPlugin<T, M>;
}

function asCandidate<T, M>(
  p: ProvidedPlugin<T, M>,
  adapter: { name: string; version: string },
): Candidate<T, M> {
  const pkg = p.package ?? adapter;
  return {
    name: p.name,
    source: 'provided',
    package: {
      name: pkg.name,
      version: pkg.version,
      dir: '',
      peerDependencies: {},
      manifest: { entryPoints: {} },
    },
    value: '',
    meta: p.meta,
    requires: p.requires ?? {},
    provided: p,
  };
}

/**
 * Merge plugins handed in as objects with the discovered ones: `first` ones beat
 * every discovered plugin of that name, `last` ones only fill names nobody
 * discovered (or whose discovered plugin was excluded). Each override is a warning
 * that says which one is used.
 */
export function mergeProvided<T, M>(
  group: string,
  adapter: { name: string; version: string },
  discovered: Candidate<T, M>[],
  provided: ReadonlyArray<ProvidedPlugin<T, M>>,
  problems: Problem[],
): Candidate<T, M>[] {
  const byName = new Map(discovered.map((c) => [c.name, c]));
  const warn = (winner: Candidate<T, M>, loser: Candidate<T, M>, why: string) =>
    problems.push({ ...duplicateProblem(group, winner.name, winner, loser, why), severity: 'warning' });
  for (const p of provided) {
    const candidate = asCandidate(p, adapter);
    const existing = byName.get(p.name);
    if (!existing) {
      byName.set(p.name, candidate);
    } else if (existing.source === 'provided') {
      // Two objects for one name: the later registration replaces the earlier, as a map would.
      if ((p.precedence ?? 'last') === 'first' || existing.provided?.precedence !== 'first')
        byName.set(p.name, candidate);
    } else if (p.precedence === 'first') {
      warn(candidate, existing, 'the host registered it explicitly');
      byName.set(p.name, candidate);
    } else {
      warn(existing, candidate, 'an installed plugin takes precedence over the one built into the host');
    }
  }
  return [...byName.values()];
}
