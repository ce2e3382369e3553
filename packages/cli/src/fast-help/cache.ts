import { stampOf, writeJsonAtomic } from '@plugboard/core/light';

// Built-ins without `import`: their ESM facades cost milliseconds on the help path.
const fs = process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');

/**
 * What a help-only command line prints: text for stdout and for stderr (warnings
 * first) and the exit code. Kept so the same command line is answered again without
 * reading the whole index or rendering: with hundreds of plugins, parsing the index
 * and laying out the help are most of the time `--help` takes beyond a bare start.
 */
export interface HelpAnswer {
  out: string;
  err: string;
  code: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Bump when the file layout changes. */
const VERSION = 1;
/** Answers kept per index file: a few command lines at a few widths. */
const MAX_ANSWERS = 16;

interface Stored extends HelpAnswer {
  /** The watched paths of the index entry the answer was rendered from, with their stamps. */
  watch: Record<string, number>;
}
interface CacheFile {
  version: number;
  /** The index file the answers were rendered from (inode, size, mtime). */
  index: string;
  answers: Record<string, Stored>;
}

/**
 * This module's own file as it is now: an answer rendered by other code (an upgrade,
 * or a rebuild while developing) is never printed by this one.
 */
export function renderer(): string {
  const s = fs.statSync(new URL(import.meta.url), { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}` : '';
}

/** The help cache beside a discovery index file. */
export const helpCacheFile = (index: string) => path.join(path.dirname(index), 'help.json');

/** The index file as it is now; any rewrite (a rename of a new file) changes it. */
function identity(file: string): string | undefined {
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s && `${s.ino}:${s.size}:${s.mtimeMs}`;
}

const isStored = (v: unknown): v is Stored =>
  isObject(v) &&
  typeof v.out === 'string' &&
  typeof v.err === 'string' &&
  Number.isInteger(v.code) &&
  isObject(v.watch) &&
  Object.values(v.watch).every((m) => typeof m === 'number');

function readCache(file: string, index: string): CacheFile | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isObject(value) && value.version === VERSION && value.index === index && isObject(value.answers)
      ? (value as unknown as CacheFile)
      : undefined;
  } catch {
    return undefined; // missing, unreadable, torn or foreign: a miss
  }
}

/**
 * The answer kept for `key`, if the index file is the one it was rendered from and
 * every path that index entry watches is unchanged (so the entry is still fresh).
 */
export function cachedAnswer(index: string, key: string): HelpAnswer | undefined {
  const id = identity(index);
  const stored = id && readCache(helpCacheFile(index), id)?.answers[key];
  if (!isStored(stored)) return undefined;
  for (const watched in stored.watch) if (stampOf(watched) !== stored.watch[watched]) return undefined;
  return stored;
}

/** Keep `answer`, rendered from the entry watching `watch` in `index`; failures are ignored (a cache). */
export function keepAnswer(
  index: string,
  key: string,
  watch: Record<string, number>,
  answer: HelpAnswer,
): void {
  try {
    const id = identity(index);
    if (!id) return;
    const file = helpCacheFile(index);
    const answers = { ...readCache(file, id)?.answers };
    const keys = Object.keys(answers);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ANSWERS + 1))) delete answers[old];
    answers[key] = { ...answer, watch };
    writeJsonAtomic(file, { version: VERSION, index: id, answers } satisfies CacheFile, {
      mkdir: false,
      fsync: false, // a torn file after a crash is a miss, not a wrong answer
    });
  } catch {
    // read-only or full disk: help is answered anyway
  }
}
