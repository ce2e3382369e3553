// Node built-ins without `import`: their ESM facades cost milliseconds, and this
// folder is also loaded as CommonJS by CLI bins answering `--help` before anything else.
export const fs = process.getBuiltinModule('node:fs');
export const path = process.getBuiltinModule('node:path');

/** mtimeMs of a path, -1 when absent or unreadable (so a later fix invalidates what relied on it). */
export function mtimeOf(file: string): number {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  } catch {
    return -1;
  }
}

/**
 * The freshness stamp of a watched path. For a `node_modules` folder it is a hash of
 * the package names it lists (dot entries skipped), not its mtime: tools create
 * `.cache`, `.vite` or `.bin` there all the time, and that must not make every index
 * stale; an install or removal changes the names and so the stamp. Anything else is
 * stamped by its mtime. -1 means absent or unreadable.
 */
export function stampOf(file: string): number {
  if (path.basename(file) !== 'node_modules') return mtimeOf(file);
  let names: string[];
  try {
    names = fs.readdirSync(file);
  } catch {
    return -1;
  }
  let hash = 0x811c9dc5;
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x2f, 0x01000193);
  }
  return hash >>> 0;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
