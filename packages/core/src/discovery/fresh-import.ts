import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The query that marks a module graph as one generation of a plugin folder. */
const FRESH = 'plugboard-fresh';
/** Given on the entry point only: the folder the generation covers (the hook strips it). */
const ROOT = 'plugboard-root';

/**
 * The module customization hook, registered once per process on the first fresh
 * import. ESM has no cache eviction, so a generation query makes new module URLs:
 * the entry carries `plugboard-fresh=<n>` and its folder; every import from a
 * module of generation n that resolves inside that folder (not under a
 * node_modules in it) gets the same query, so the whole folder is evaluated
 * anew while packages outside it stay shared. CommonJS modules keep their URL:
 * a CommonJS entry is made fresh by emptying the require cache instead, and
 * Node 24 cannot re-evaluate a CommonJS module under a new ESM URL. Kept as source text and registered
 * from a `data:` URL, so it works from `src` and `dist` alike.
 */
const HOOKS = `
const roots = new Map();
const inNodeModules = (rel) => rel.split('/').includes('node_modules');
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (!result.url.startsWith('file:')) return result;
  const url = new URL(result.url);
  const root = url.searchParams.get('${ROOT}');
  if (root !== null) {
    roots.set(url.searchParams.get('${FRESH}'), root);
    url.searchParams.delete('${ROOT}');
    return { ...result, url: url.href };
  }
  const parent = context.parentURL;
  if (!parent || !parent.startsWith('file:') || url.searchParams.has('${FRESH}')) return result;
  if (result.format === 'commonjs' || context.conditions?.includes('require')) return result;
  const generation = new URL(parent).searchParams.get('${FRESH}');
  const folder = generation === null ? undefined : roots.get(generation);
  if (folder === undefined || !url.href.startsWith(folder)) return result;
  if (inNodeModules(url.pathname.slice(new URL(folder).pathname.length))) return result;
  url.searchParams.set('${FRESH}', generation);
  return { ...result, url: url.href };
}
`;

const TRAMPOLINE = 'data:text/javascript,export default (u) => import(u)';

let registered = false;
let generation = 0;
// When each folder was last imported fresh: files changed since are the suspects of a syntax error.
const importedAt = new Map<string, number>();
let nativeImport: ((url: string) => Promise<unknown>) | undefined;

/**
 * `import()` through Node's own loader, where the hook lives. A host running
 * under a module runner (vitest, vite-node) would otherwise import through the
 * runner, which neither sees the hook nor forgets modules. A `data:` module is
 * left to Node by such runners.
 */
async function viaNode(url: string): Promise<unknown> {
  nativeImport ??= (
    (await import(TRAMPOLINE)) as {
      default: (u: string) => Promise<unknown>;
    }
  ).default;
  return nativeImport(url);
}

/** Whether Node runs `file` as CommonJS: by extension, else by the nearest package.json `type`. */
function isCommonJs(file: string, root: string): boolean {
  const ext = extname(file);
  if (ext === '.cjs' || ext === '.mjs') return ext === '.cjs';
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return (
        (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string }).type !== 'module'
      );
    } catch {
      // no (readable) package.json here: look further up
    }
    if (dir === root || dirname(dir) === dir) return true;
  }
}

const isNamespace = (value: unknown) => Object.prototype.toString.call(value) === '[object Module]';

/** CommonJS has a cache that can be emptied: drop the folder's own modules from it. */
function evictCommonJs(root: string): void {
  const cache = createRequire(import.meta.url).cache;
  for (const file of Object.keys(cache)) {
    const rel = relative(root, file);
    if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('node_modules')) continue;
    delete cache[file];
  }
}

/**
 * Import `url` as a new generation of the folder `root`: the entry and every
 * module of that folder it imports (directly or not) are evaluated again;
 * packages outside it, and under node_modules inside it, are the cached ones.
 * A CommonJS entry is required again with the folder's modules dropped from the
 * require cache; CommonJS modules imported by an ES module are not reloaded.
 * The previous generation stays in memory (ESM cannot unload a module), so this
 * is for development: every reload adds one copy of the folder's modules.
 */
export async function importFresh(url: string, root: string): Promise<unknown> {
  const previous = importedAt.get(root);
  importedAt.set(root, Date.now());
  const file = fileURLToPath(url);
  if (isCommonJs(file, root)) {
    evictCommonJs(root);
    const exports: unknown = createRequire(file)(file);
    // What import() gives: the namespace of a required ES module, or `default` = module.exports.
    return isNamespace(exports) ? exports : { default: exports };
  }
  if (!registered) {
    register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
    registered = true;
  }
  const folder = pathToFileURL(root.endsWith(sep) ? root : `${root}${sep}`).href;
  const target = new URL(url);
  target.searchParams.set(FRESH, String(++generation));
  target.searchParams.set(ROOT, folder);
  try {
    return await viaNode(target.href);
  } catch (error) {
    if (error instanceof SyntaxError) syntaxErrors.set(error, locateSyntaxError(root, previous));
    throw error;
  }
}

const syntaxErrors = new WeakMap<object, string | undefined>();

/** The `file:line` (relative to the folder) of a syntax error a fresh import threw, when found. */
export function syntaxErrorAt(error: unknown): string | undefined {
  return error && typeof error === 'object' ? syntaxErrors.get(error) : undefined;
}

/** A module URL as a user reads it: without the generation query. */
export function withoutGeneration(url: string): string {
  return url.replace(new RegExp(`[?&]${FRESH}=\\d+`), '');
}

const SCRIPT = new Set(['.js', '.mjs', '.cjs']);

/** The folder's own scripts (not node_modules, not dot folders), newest first. */
function scripts(root: string): { file: string; mtime: number }[] {
  const out: { file: string; mtime: number }[] = [];
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const file = join(dir, name);
      try {
        const stat = statSync(file);
        if (stat.isDirectory() && depth < 8) walk(file, depth + 1);
        else if (stat.isFile() && SCRIPT.has(extname(name))) out.push({ file, mtime: stat.mtimeMs });
      } catch {
        // gone while walking
      }
    }
  };
  walk(root, 0);
  return out.sort((a, b) => b.mtime - a.mtime);
}

/**
 * Which file of a freshly imported folder has the syntax error: Node reports the
 * file only when it prints a fatal error, not in the thrown error. The files
 * changed since the previous fresh import (or the newest few) are checked with
 * `node --check`, newest first; `file:line`, or undefined when none fails.
 */
function locateSyntaxError(root: string, since: number | undefined): string | undefined {
  const all = scripts(root);
  const suspects = (since === undefined ? all : all.filter((s) => s.mtime >= since - 1_000)).slice(0, 8);
  for (const { file } of suspects) {
    const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
    const where = check.status === 1 ? /^(.+):(\d+)$/m.exec(check.stderr ?? '') : null;
    if (where) return `${relative(root, where[1]!)}:${where[2]}`;
  }
  return undefined;
}
