import { type Dirent, existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Collector } from './collector.js';
import type { RawPackageJson } from './read-package.js';
import type { PluginSource } from './types.js';

const PNPM_STORE = `${sep}node_modules${sep}.pnpm${sep}`;
const NODE_MODULES = `${sep}node_modules`;

/**
 * The folder whose modification time tells that `nodeModules` changed. Inside
 * pnpm's virtual store every `name@version` folder is immutable, so the store
 * folder itself stands for all of them: the fingerprint grows with plugins,
 * not with packages.
 */
function watchedFolder(nodeModules: string): string {
  const at = nodeModules.indexOf(PNPM_STORE);
  return at === -1 ? nodeModules : nodeModules.slice(0, at + PNPM_STORE.length - 1);
}

function realpath(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/**
 * A listed folder: entry name → whether it is a symlink. The walk then writes
 * what each name it looked up resolved to over that flag (its real folder, or
 * null for a link to nowhere), so a second lookup is one Map read.
 */
type Listing = Map<string, boolean | string | null>;

/** What `folder` holds; undefined when it cannot be listed (its packages are then not found, as a failed lstat would say). */
function list(folder: string): Listing | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const names: Listing = new Map();
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    names.set(entry.name, entry.isSymbolicLink());
  }
  return names;
}

/** A folder packages are looked up in: a node_modules folder, or a scope folder in one. */
interface Folder {
  readonly path: string;
  /** Its listing, read on the first lookup (null: not yet; undefined: unreadable). */
  entries: Listing | undefined | null;
  /** Whether it is recorded in the fingerprint yet. */
  watched: boolean;
  /** Its scope folders (`@scope`), by name (node_modules folders only). */
  scopes: Map<string, Folder> | undefined;
  /**
   * The node_modules folders Node searches from this folder, nearest first:
   * the chain a package directly inside it extends (with its own node_modules,
   * if it has one). Filled in when first needed.
   */
  inside: readonly Folder[] | undefined;
}

function entriesOf(folder: Folder): Listing | undefined {
  if (folder.entries === null) folder.entries = list(folder.path);
  return folder.entries;
}

const NONE: readonly string[] = [];
const NO_CHAIN: readonly Folder[] = [];

/**
 * The dependency names to follow: `dependencies`, `optionalDependencies`, and
 * for the root `devDependencies`. A name listed twice is harmless: it resolves
 * to a folder already visited.
 */
function namesOf(json: RawPackageJson, root: boolean): readonly string[] {
  const { dependencies, optionalDependencies } = json;
  let names = dependencies == null ? NONE : Object.keys(dependencies);
  if (optionalDependencies != null) names = names.concat(Object.keys(optionalDependencies));
  if (root && json.devDependencies != null) names = names.concat(Object.keys(json.devDependencies));
  return names;
}

/** `join(dir, 'package.json')` for the normalised absolute folders the walk meets. */
const packageFile =
  sep === '/'
    ? (dir: string) => (dir.endsWith('/') ? `${dir}package.json` : `${dir}/package.json`)
    : (dir: string) => join(dir, 'package.json');

/** `dir`'s own node_modules folder (`dir` is normalised). */
const ownModules = (dir: string) => (dir.endsWith(sep) ? `${dir}node_modules` : `${dir}${NODE_MODULES}`);

/**
 * Walk the dependency graph of the project at `root` (breadth first, so the
 * shallowest copy of a package is met first), visiting every installed package.
 *
 * Costs per package are what the benchmark measures, so the common case is
 * kept to its reads and one existence check: a package found as a plain folder
 * in a node_modules (or scope) folder extends that folder's chain, needs no
 * path arithmetic, and cannot be the same folder as any other plain find, so
 * only links (and the root) are remembered to tell a package already visited.
 */
export function walkDependencies(root: string, source: PluginSource, collector: Collector): void {
  const rootJson = collector.visit(root, source, true);
  collector.watchPath(join(root, 'package.json'));
  const rootReal = realpath(root);
  if (!rootJson || !rootReal) return;

  /** Every folder made, by path: one object per folder, so its listing and lookups are shared. */
  const folders = new Map<string, Folder>();
  const folderAt = (path: string): Folder => {
    let folder = folders.get(path);
    if (!folder) {
      folder = { path, entries: null, watched: false, scopes: undefined, inside: undefined };
      folders.set(path, folder);
    }
    return folder;
  };
  /** `base` (the chain of `dir`'s parent), preceded by `dir`'s own node_modules if there is one. */
  const extend = (dir: string, base: readonly Folder[]): readonly Folder[] => {
    const own = ownModules(dir);
    if (!existsSync(own)) return base;
    const folder = folderAt(own);
    const chain = [folder, ...base];
    folder.inside ??= chain;
    return chain;
  };

  /**
   * The chain of any folder, for those not met as a plain entry of a listed
   * one (the root, the targets of links): computed from its parents, once per
   * folder. Paths are built by concatenation: they come from real, normalised
   * folders, and path.join's normalising showed up as a tenth of the walk.
   */
  const chains = new Map<string, readonly Folder[]>();
  const chainOf = (dir: string): readonly Folder[] => {
    let chain = chains.get(dir);
    if (chain) return chain;
    const parent = dirname(dir);
    const rest = parent === dir ? NO_CHAIN : chainOf(parent);
    chain = dir.endsWith(NODE_MODULES) ? rest : extend(dir, rest);
    chains.set(dir, chain);
    return chain;
  };
  /** The chain a package directly inside `folder` (found in `parent`'s listing, for a scope folder) extends. */
  const insideOf = (folder: Folder, parent: Folder | undefined): readonly Folder[] => {
    folder.inside ??= parent ? extend(folder.path, insideOf(parent, undefined)) : chainOf(folder.path);
    return folder.inside;
  };

  /**
   * Set by `locate` when it resolves a name afresh (not from a listing it
   * wrote before): `foundIn` is the folder whose listing has the package as a
   * plain folder, and `foundUnder` the node_modules folder holding that one
   * when it is a scope folder. `foundIn` is undefined for a package reached
   * through a link, and for a scope folder itself (depended on by its name).
   */
  let fresh = false;
  let foundIn: Folder | undefined;
  let foundUnder: Folder | undefined;

  /**
   * Where `name` installed in the node_modules `folder` really is, when it is
   * there at all. The listings answer whether it is, and whether the last one
   * or two components are symlinks (pnpm: paths here start from real folders,
   * so only those can be): realpath runs only for those. The answer is written
   * into the listing, so the next lookup of `name` there is one Map read.
   */
  const locate = (folder: Folder, name: string): string | undefined => {
    const top = entriesOf(folder);
    if (top === undefined) return undefined;
    let listing = top;
    let entry = name;
    let slot = top.get(name);
    let scope: Folder | undefined;
    let linked: boolean;
    if (typeof slot === 'boolean') linked = slot;
    else if (slot !== undefined || name.charCodeAt(0) !== 64 /* @ */) return slot ?? undefined;
    else {
      // Not an entry: a scoped name is looked up in its scope folder's listing.
      const slash = name.indexOf('/');
      if (slash === -1) return undefined;
      const scopeName = name.slice(0, slash);
      const scopeLinked = top.get(scopeName);
      if (typeof scopeLinked !== 'boolean') return undefined;
      folder.scopes ??= new Map();
      scope = folder.scopes.get(scopeName);
      if (!scope) {
        scope = folderAt(join(folder.path, scopeName));
        folder.scopes.set(scopeName, scope);
      }
      const inner = entriesOf(scope);
      if (inner === undefined) return undefined;
      entry = name.slice(slash + 1);
      slot = inner.get(entry);
      if (typeof slot !== 'boolean') return slot ?? undefined;
      listing = inner;
      linked = scopeLinked || slot;
    }
    const path = `${folder.path}${sep}${name}`;
    const real = linked ? realpath(path) : path;
    if (linked && real) collector.watchLinked(real);
    if (!folder.watched) {
      folder.watched = true;
      collector.watchPath(watchedFolder(folder.path));
    }
    if (scope && !scope.watched) {
      scope.watched = true;
      collector.watchPath(scope.path);
    }
    fresh = real !== undefined;
    foundIn = undefined;
    foundUnder = undefined;
    if (scope || name.charCodeAt(0) !== 64) {
      listing.set(entry, real ?? null);
      if (!linked) {
        foundIn = scope ?? folder;
        foundUnder = scope ? folder : undefined;
      }
    }
    // else a scope's own entry: it keeps its flag (its scoped names are looked
    // up through it), so repeated lookups are fresh and it is deduplicated
    // like a link's target.
    return real;
  };

  /**
   * Whether the folder a link led to was visited already. Linked targets (and
   * the root) are in `targets`; a plain find is recorded as its own path in
   * the listing of the folder holding it.
   */
  const targets = new Set<string>([rootReal]);
  const seenAsLink = (real: string): boolean => {
    if (targets.has(real)) return true;
    targets.add(real);
    const at = real.lastIndexOf(sep);
    const holder = at > 0 ? folders.get(real.slice(0, at)) : undefined;
    return holder?.entries?.get(real.slice(at + 1)) === real;
  };

  // The packages still to expand: their dependency names and their chain, in
  // parallel arrays rather than a tuple each. Only the names are kept: holding
  // every parsed package.json until the walk ended made the garbage collector
  // copy them all, again and again.
  const rootNames = namesOf(rootJson, true);
  const pending: (readonly string[])[] = [rootNames];
  const chainsToDo: (readonly Folder[])[] = [rootNames.length > 0 ? chainOf(rootReal) : NO_CHAIN];
  for (let i = 0; i < pending.length; i++) {
    const names = pending[i]!;
    const chain = chainsToDo[i]!;
    for (let n = 0; n < names.length; n++) {
      const name = names[n]!;
      // Node's resolution: the first folder of the chain that has `name`.
      let key: string | undefined;
      fresh = false;
      for (let c = 0; key === undefined && c < chain.length; c++) key = locate(chain[c]!, name);
      // A lookup answered from a listing is of a package visited already.
      if (key === undefined || !fresh) continue;
      const plain = foundIn;
      const under = foundUnder;
      if (plain ? (targets.size === 1 ? key === rootReal : targets.has(key)) : seenAsLink(key)) continue;
      const child = collector.visit(key, source, true, packageFile(key));
      if (!child) continue;
      const childNames = namesOf(child, false);
      pending.push(childNames);
      // Its own node_modules is looked for now, while the folder just read is
      // fresh in the caches, and only if it has dependencies to resolve.
      chainsToDo.push(
        childNames.length === 0 ? NO_CHAIN : plain ? extend(key, insideOf(plain, under)) : chainOf(key),
      );
    }
    pending[i] = NONE; // done with: let them go
    chainsToDo[i] = NO_CHAIN;
  }
}
