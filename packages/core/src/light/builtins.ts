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

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
