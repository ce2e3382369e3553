import type { Problem } from '../errors.js';

/**
 * The discovery index's data, declared here (types only) so this import-free
 * folder, its CommonJS build and core's discovery share one definition.
 */

/** Where a plugin package was found; earlier sources win over later ones. */
export type LightSource = 'path' | 'user' | 'dependencies' | 'scan';

/** A problem as the index stores it: core's `Problem` (a type-only import; nothing loads at run time). */
export type LightProblem = Problem;

/** A plugin package as the index stores it. */
export interface LightPackage {
  name: string;
  version: string;
  dir: string;
  peerDependencies: Record<string, string>;
  manifest: {
    entryPoints: Record<string, Record<string, string>>;
    requires?: Record<string, string>;
  } & Record<string, unknown>;
}

export interface LightFound {
  pkg: LightPackage;
  source: LightSource;
}

/**
 * One host's final view of a scan (precedence, compatibility, entry-name rule and
 * metadata applied), stored beside the scan so help screens read it without
 * running any of that again. Packages are indexes into the entry's `found`.
 */
export interface StoredView {
  plugins: Array<{
    name: string;
    /** Index into `found` of the providing package. */
    at: number;
    source: LightSource;
    value: string;
    meta?: unknown;
    requires: Record<string, string>;
  }>;
  excluded: Array<{ name: string; at: number; requires: Record<string, string>; problem: LightProblem }>;
  problems: LightProblem[];
}

/** What one scan found, and the proof that it still holds. */
export interface IndexEntry {
  /** path -> mtimeMs (-1 = absent) of everything the scan relied on. */
  watch: Record<string, number>;
  found: LightFound[];
  problems: LightProblem[];
  /** When it was written (ms since the epoch); the oldest entry goes first. */
  written: number;
  /** Host views of this scan, by `viewKey()` of the host. */
  views?: Record<string, StoredView>;
}

export interface IndexFile {
  version: number;
  /** One entry per scan configuration (cwd + sources), so hosts with different sources don't evict each other. */
  entries: Record<string, IndexEntry>;
}

/** Where discovery looks (see core's `DiscoverySources`). */
export interface LightSources {
  paths?: string[];
  userDir?: string;
  dependencies?: boolean;
  scan?: boolean;
}
