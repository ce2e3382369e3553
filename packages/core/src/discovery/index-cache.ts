import { dirname } from 'node:path';
import type { Problem } from '../errors.js';
import {
  INDEX_VERSION,
  type IndexEntry,
  type IndexFile,
  readFreshEntry,
  readIndexFile,
  type StoredView,
} from '../light/index.js';
import { sweepTempFiles, writeJsonAtomic } from '../util/atomic-write.js';

/** Scans kept per file: hosts of one project rarely use more source configurations. */
const MAX_ENTRIES = 8;

export type { IndexEntry } from '../light/index.js';

/** The entry for `key`, if the file has one of the right shape and every watched path is unchanged. */
export function readIndex(file: string, key: string): IndexEntry | undefined {
  return readFreshEntry(file, key);
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
  const entries = { ...readIndexFile(file)?.entries };
  entries[key] = { ...entry, problems: entry.problems.map(serializableProblem), written: Date.now() };
  const keep = Object.entries(entries)
    .sort((a, b) => b[1].written - a[1].written)
    .slice(0, MAX_ENTRIES);
  const body: IndexFile = { version: INDEX_VERSION, entries: Object.fromEntries(keep) };
  return save(file, body);
}

function save(file: string, body: IndexFile): boolean {
  try {
    // No fsync: the index is a cache, and a torn or empty file is read as a miss.
    writeJsonAtomic(file, body, { fsync: false });
    // a host killed mid-write (any host: they share this folder) left its temp file
    sweepTempFiles(dirname(file));
    return true;
  } catch {
    // A read-only install is fine: discovery just stays cold.
    return false;
  }
}

/**
 * Store a host's view beside the scan it was made from (the entry must still be
 * the one read or written: a rescan in between drops the view, never mismatches it).
 */
export function writeView(
  file: string,
  key: string,
  written: Record<string, number>,
  name: string,
  view: StoredView,
): boolean {
  const index = readIndexFile(file);
  const entry = index?.entries[key];
  if (!index || !entry || JSON.stringify(entry.watch) !== JSON.stringify(written)) return false;
  const problems = view.problems.map(serializableProblem);
  const excluded = view.excluded.map((e) => ({ ...e, problem: serializableProblem(e.problem) }));
  entry.views = { ...entry.views, [name]: { ...view, problems, excluded } };
  return save(file, index);
}
