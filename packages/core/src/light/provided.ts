import type { LightProblem } from './types.js';

/** Who claims an entry name, as the duplicate message names them. */
export interface Claimant {
  package: { name: string; version: string; dir?: string };
  /** A discovery source, or `provided` for objects handed to the host. */
  source: string;
}

/**
 * The one PB_DUPLICATE problem: which copy is used and why. A second copy of the
 * same package (linked over installed) is a warning; two packages are an error.
 */
export function duplicateProblem(
  group: string,
  name: string,
  winner: Claimant,
  loser: Claimant,
  why: string,
): LightProblem & { code: 'PB_DUPLICATE'; details: Record<string, string> } {
  const w = `${winner.package.name}@${winner.package.version}`;
  const l = `${loser.package.name}@${loser.package.version}`;
  const samePackage = winner.package.name === loser.package.name;
  return {
    code: 'PB_DUPLICATE',
    severity: samePackage ? 'warning' : 'error',
    message: `${group} plugin "${name}" is declared by ${w} (${winner.source}) and ${l} (${loser.source}); using ${w} because ${why}.${samePackage ? '' : ' Uninstall one of them or rename the entry point.'}`,
    package: loser.package.name,
    plugin: name,
    ...(loser.package.dir ? { path: loser.package.dir } : {}),
    details: { group, winner: winner.package.name, winnerSource: winner.source, loserSource: loser.source },
  };
}

/** A plugin of a host's view, discovered (`source` a discovery source) or handed in (`provided`). */
export interface Mergeable {
  name: string;
  source: string;
  package: { name: string; version: string; dir?: string };
  /** Only for provided ones: `first` beats every discovered plugin, `last` (default) loses to all. */
  precedence?: 'first' | 'last' | undefined;
}

/**
 * Merge plugins handed in as objects with the discovered ones: `first` ones beat
 * every discovered plugin of that name, `last` ones only fill names nobody
 * discovered (or whose discovered plugin was excluded). Each override is a warning
 * that says which one is used.
 */
export function mergeProvided<C extends Mergeable>(
  group: string,
  discovered: readonly C[],
  provided: readonly C[],
  problems: LightProblem[],
): C[] {
  const byName = new Map(discovered.map((c) => [c.name, c]));
  const warn = (winner: C, loser: C, why: string) =>
    problems.push({ ...duplicateProblem(group, winner.name, winner, loser, why), severity: 'warning' });
  for (const candidate of provided) {
    const existing = byName.get(candidate.name);
    if (!existing) {
      byName.set(candidate.name, candidate);
    } else if (existing.source === 'provided') {
      // Two objects for one name: the later registration replaces the earlier, as a map would.
      if ((candidate.precedence ?? 'last') === 'first' || existing.precedence !== 'first')
        byName.set(candidate.name, candidate);
    } else if (candidate.precedence === 'first') {
      warn(candidate, existing, 'the host registered it explicitly');
      byName.set(candidate.name, candidate);
    } else {
      warn(existing, candidate, 'an installed plugin takes precedence over the one built into the host');
    }
  }
  return [...byName.values()];
}
