import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The writer lives in the import-free light folder, so CLI bins' help cache uses the same one.
export type { WriteFileAtomicOptions } from '../light/atomic.js';
export { writeFileAtomic, writeJsonAtomic } from '../light/atomic.js';

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
