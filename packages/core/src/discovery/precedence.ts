import type { Problem } from '../errors.js';
import { duplicateProblem } from '../light/index.js';
import type { FoundPackage } from './collector.js';
import { SOURCE_PRECEDENCE } from './types.js';

/** One entry point that won its name within its group. */
export interface Winner {
  entry: FoundPackage;
  group: string;
  name: string;
  value: string;
}

export type { Claimant } from '../light/index.js';
/** The one PB_DUPLICATE problem (import-free, so CLI help renders it too). */
export { duplicateProblem };

/**
 * Apply source precedence: per group and entry name, the first package in
 * precedence order wins; every loser is reported with the reason.
 */
export function selectEntries(
  found: readonly FoundPackage[],
  group: string | undefined,
  problems: Problem[],
): Winner[] {
  const ordered = [...found].sort(
    (a, b) => SOURCE_PRECEDENCE.indexOf(a.source) - SOURCE_PRECEDENCE.indexOf(b.source),
  );
  const winners = new Map<string, Winner>();
  // The same folder met through two sources (e.g. dependencies and scan) is one package, not a duplicate.
  const seenDirs = new Set<string>();
  for (const entry of ordered) {
    for (const [g, points] of Object.entries(entry.pkg.manifest.entryPoints)) {
      if (group !== undefined && g !== group) continue;
      for (const [name, value] of Object.entries(points)) {
        const key = `${g}\0${name}`;
        if (seenDirs.has(`${key}\0${entry.pkg.dir}`)) continue;
        seenDirs.add(`${key}\0${entry.pkg.dir}`);
        const winner = winners.get(key);
        if (!winner) {
          winners.set(key, { entry, group: g, name, value });
          continue;
        }
        const w = winner.entry;
        const why =
          w.source === entry.source
            ? 'it was found first (shallower in the dependency tree)'
            : `the ${w.source} source takes precedence over ${entry.source}`;
        problems.push(
          duplicateProblem(
            g,
            name,
            { package: w.pkg, source: w.source },
            { package: entry.pkg, source: entry.source },
            why,
          ),
        );
      }
    }
  }
  return [...winners.values()];
}
