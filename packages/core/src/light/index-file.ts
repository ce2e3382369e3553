import { fs, isObject, path, stampOf } from './builtins.js';
import type { IndexEntry, IndexFile, LightFound, LightProblem, LightSources, StoredView } from './types.js';

/** Bump when the file layout changes so old indexes are ignored, never misread. */
export const INDEX_VERSION = 3;

const SOURCES = new Set(['path', 'user', 'dependencies', 'scan']);
const isStringMap = (v: unknown): v is Record<string, string> =>
  isObject(v) && Object.values(v).every((s) => typeof s === 'string');

export function isFound(v: unknown): v is LightFound {
  if (!isObject(v) || !SOURCES.has(v.source as string) || !isObject(v.pkg)) return false;
  const { name, version, dir, peerDependencies, manifest } = v.pkg;
  return (
    typeof name === 'string' &&
    typeof version === 'string' &&
    typeof dir === 'string' &&
    isObject(peerDependencies) &&
    isObject(manifest) &&
    isObject(manifest.entryPoints) &&
    Object.values(manifest.entryPoints).every(isStringMap)
  );
}

export const isProblem = (p: unknown): p is LightProblem =>
  isObject(p) && typeof p.code === 'string' && typeof p.message === 'string';

/** Whether a stored host view is well formed and points only at packages the entry holds. */
export function isView(v: unknown, found: number): v is StoredView {
  const at = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < found;
  return (
    isObject(v) &&
    Array.isArray(v.plugins) &&
    v.plugins.every(
      (p) =>
        isObject(p) &&
        typeof p.name === 'string' &&
        at(p.at) &&
        SOURCES.has(p.source as string) &&
        typeof p.value === 'string' &&
        isStringMap(p.requires),
    ) &&
    Array.isArray(v.excluded) &&
    v.excluded.every(
      (e) =>
        isObject(e) &&
        typeof e.name === 'string' &&
        at(e.at) &&
        isStringMap(e.requires) &&
        isProblem(e.problem),
    ) &&
    Array.isArray(v.problems) &&
    v.problems.every(isProblem)
  );
}

/**
 * Whether an entry has the shape this version writes. The file is ours but may be
 * truncated, hand-edited or from another tool: anything else is a cache miss
 * (rescanned and rewritten), never a crash. Malformed views alone are dropped.
 */
export function isEntry(v: unknown, everyFound = true): v is IndexEntry {
  return (
    isObject(v) &&
    isObject(v.watch) &&
    Object.values(v.watch).every((m) => typeof m === 'number') &&
    Array.isArray(v.found) &&
    (!everyFound || v.found.every(isFound)) &&
    Array.isArray(v.problems) &&
    v.problems.every(isProblem) &&
    (v.views === undefined || isObject(v.views))
  );
}

/** The whole index file, or undefined when it is missing, unreadable or of another layout. */
export function readIndexFile(file: string): IndexFile | undefined {
  try {
    const index: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isObject(index) && index.version === INDEX_VERSION && isObject(index.entries)
      ? (index as unknown as IndexFile)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The entry for `key`, if it has the right shape and every watched path is unchanged.
 * `everyFound: false` leaves the packages unchecked, for a reader that checks those it uses.
 */
export function readFreshEntry(file: string, key: string, everyFound = true): IndexEntry | undefined {
  const entry: unknown = readIndexFile(file)?.entries[key];
  if (!isEntry(entry, everyFound)) return undefined;
  for (const watched in entry.watch) {
    if (stampOf(watched) !== entry.watch[watched]) return undefined;
  }
  return entry;
}

/** Sources with every default filled in and paths absolute: what the index key is made of. */
export function normalizeSources(cwd: string, sources: LightSources | undefined): Required<LightSources> {
  return {
    paths: (sources?.paths ?? []).map((p) => path.resolve(cwd, p)),
    userDir: sources?.userDir ? path.resolve(cwd, sources.userDir) : '',
    dependencies: sources?.dependencies ?? true,
    scan: sources?.scan ?? false,
  };
}

/** The key of one scan configuration: its cwd and normalized sources, as text (no hashing, no crypto). */
export function indexKey(cwd: string, sources: LightSources | undefined): string {
  const dir = path.resolve(cwd);
  return JSON.stringify([dir, normalizeSources(dir, sources)]);
}

/** The index file for a discovery `cache` option: undefined when disabled. */
export function indexFilePath(cwd: string, cache: boolean | string | undefined): string | undefined {
  if (cache === false) return undefined;
  if (typeof cache === 'string') return path.resolve(cwd, cache);
  return path.join(path.resolve(cwd), 'node_modules', '.cache', 'plugboard', 'discovery.json');
}
