import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Problem } from '../errors.js';
import { type FoundPackage, mtimeOf } from './collector.js';

/** Bump when the file layout changes so old indexes are ignored, never misread. */
const INDEX_VERSION = 1;

export interface IndexFile {
  version: number;
  /** Identifies the scan (cwd + sources); an index for other options is ignored. */
  key: string;
  /** path -> mtimeMs (-1 = absent) of everything the scan relied on. */
  watch: Record<string, number>;
  found: FoundPackage[];
  problems: Problem[];
}

/** Read the index if it exists, matches `key` and every watched path is unchanged. */
export function readIndex(file: string, key: string): IndexFile | undefined {
  let index: IndexFile;
  try {
    index = JSON.parse(readFileSync(file, 'utf8')) as IndexFile;
  } catch {
    return undefined;
  }
  if (index.version !== INDEX_VERSION || index.key !== key) return undefined;
  for (const path in index.watch) {
    if (mtimeOf(path) !== index.watch[path]) return undefined;
  }
  return index;
}

function serializableProblem(problem: Problem): Problem {
  const { cause, ...rest } = problem;
  return cause instanceof Error ? { ...rest, cause: { message: cause.message } } : rest;
}

/** Write atomically (temp file + rename) so a concurrent reader never sees half a file. */
export function writeIndex(file: string, data: Omit<IndexFile, 'version'>): boolean {
  const body: IndexFile = {
    version: INDEX_VERSION,
    ...data,
    problems: data.problems.map(serializableProblem),
  };
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
