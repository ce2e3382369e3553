import { readFileSync } from 'node:fs';
import type { Problem } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { type FoundPackage, mtimeOf } from './collector.js';

/** Bump when the file layout changes so old indexes are ignored, never misread. */
const INDEX_VERSION = 2;
/** Scans kept per file: hosts of one project rarely use more source configurations. */
const MAX_ENTRIES = 8;

/** What one scan found, and the proof that it still holds. */
export interface IndexEntry {
  /** path -> mtimeMs (-1 = absent) of everything the scan relied on. */
  watch: Record<string, number>;
  found: FoundPackage[];
  problems: Problem[];
  /** When it was written (ms since the epoch); the oldest entry goes first. */
  written: number;
}

interface IndexFile {
  version: number;
  /** One entry per scan configuration (cwd + sources), so hosts with different sources don't evict each other. */
  entries: Record<string, IndexEntry>;
}

function readFile(file: string): IndexFile | undefined {
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as IndexFile;
    return isObject(index) && index.version === INDEX_VERSION && isObject(index.entries) ? index : undefined;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const SOURCES = new Set(['path', 'user', 'dependencies', 'scan']);

function isFound(v: unknown): v is FoundPackage {
  if (!isObject(v) || !SOURCES.has(v.source as string) || !isObject(v.pkg)) return false;
  const { name, version, dir, peerDependencies, manifest } = v.pkg;
  return (
    typeof name === 'string' &&
    typeof version === 'string' &&
    typeof dir === 'string' &&
    isObject(peerDependencies) &&
    isObject(manifest) &&
    isObject(manifest.entryPoints) &&
    Object.values(manifest.entryPoints).every(
      (points) => isObject(points) && Object.values(points).every((p) => typeof p === 'string'),
    )
  );
}

/**
 * Whether an entry has the shape this version writes. The file is ours but may be
 * truncated, hand-edited or from another tool: anything else is a cache miss
 * (rescanned and rewritten), never a crash.
 */
function isEntry(v: unknown): v is IndexEntry {
  return (
    isObject(v) &&
    isObject(v.watch) &&
    Object.values(v.watch).every((m) => typeof m === 'number') &&
    Array.isArray(v.found) &&
    v.found.every(isFound) &&
    Array.isArray(v.problems) &&
    v.problems.every((p) => isObject(p) && typeof p.code === 'string' && typeof p.message === 'string')
  );
}

/** The entry for `key`, if the file has one of the right shape and every watched path is unchanged. */
export function readIndex(file: string, key: string): IndexEntry | undefined {
  const entry: unknown = readFile(file)?.entries[key];
  if (!isEntry(entry)) return undefined;
  for (const path in entry.watch) {
    if (mtimeOf(path) !== entry.watch[path]) return undefined;
  }
  return entry;
}

function serializableProblem(problem: Problem): Problem {
  const { cause, ...rest } = problem;
  return cause instanceof Error ? { ...rest, cause: { message: cause.message } } : rest;
}

/**
 * Store the entry for `key` beside the others, atomically (temp file +
 * rename) so a concurrent reader never sees half a file. Two writers racing
 * may drop each other's entry: the next start of that host is then cold.
 */
export function writeIndex(file: string, key: string, entry: Omit<IndexEntry, 'written'>): boolean {
  const entries = { ...readFile(file)?.entries };
  entries[key] = { ...entry, problems: entry.problems.map(serializableProblem), written: Date.now() };
  const keep = Object.entries(entries)
    .sort((a, b) => b[1].written - a[1].written)
    .slice(0, MAX_ENTRIES);
  const body: IndexFile = { version: INDEX_VERSION, entries: Object.fromEntries(keep) };
  try {
    // No fsync: the index is a cache, and a torn or empty file is read as a miss.
    writeJsonAtomic(file, body, { fsync: false });
    return true;
  } catch {
    // A read-only install is fine: discovery just stays cold.
    return false;
  }
}
