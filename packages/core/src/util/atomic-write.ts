import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export interface WriteFileAtomicOptions {
  /** Create the parent folder first (default true). */
  mkdir?: boolean;
  /** fsync the data before the rename, so a crash cannot leave an empty file (default true). */
  fsync?: boolean;
  mode?: number;
}

/**
 * Replace `file` so a reader sees the old or the new content, never half of
 * either: write a temp file beside it, flush it, rename it over. The temp file
 * is removed when anything fails; the error is rethrown for the caller to word.
 */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): void {
  if (options.mkdir !== false) mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    const fd = openSync(tmp, 'w', options.mode ?? 0o666);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      if (options.fsync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** `writeFileAtomic` of a value as JSON (with a trailing newline when pretty). */
export function writeJsonAtomic(
  file: string,
  value: unknown,
  options: WriteFileAtomicOptions & { pretty?: boolean } = {},
): void {
  const text = options.pretty ? `${JSON.stringify(value, null, 2)}\n` : JSON.stringify(value);
  writeFileAtomic(file, text, options);
}

/** The temp-file names `writeFileAtomic` uses (`<file>.<pid>.<random>.tmp`), and the older `<file>.<pid>.tmp`. */
const TEMP_NAME = /\.\d+\.[a-z0-9]+\.tmp$|\.\d+\.tmp$/;

/**
 * Remove the temp files atomic writes left in `dir` when a process was killed
 * between write and rename. Only files older than `olderThanMs` (default a
 * minute) go, so a write in flight in another process is never touched.
 * Returns the files removed; a missing or unreadable folder removes nothing.
 */
export function sweepTempFiles(dir: string, options: { olderThanMs?: number; now?: number } = {}): string[] {
  const { olderThanMs = 60_000, now = Date.now() } = options;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!TEMP_NAME.test(name)) continue;
    const file = join(dir, name);
    try {
      if (now - statSync(file).mtimeMs > olderThanMs) {
        rmSync(file, { force: true });
        removed.push(file);
      }
    } catch {
      // removed by someone else meanwhile
    }
  }
  return removed;
}
