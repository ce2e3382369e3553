import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Problem } from '../errors.js';
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
    return index.version === INDEX_VERSION && index.entries && typeof index.entries === 'object'
      ? index
      : undefined;
  } catch {
    return undefined;
  }
}

/** The entry for `key`, if the file has one and every watched path is unchanged. */
export function readIndex(file: string, key: string): IndexEntry | undefined {
  const entry = readFile(file)?.entries[key];
  if (!entry) return undefined;
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
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, file);
    return true;
  } catch {
    // A read-only install is fine: discovery just stays cold.
    return false;
  }
}
