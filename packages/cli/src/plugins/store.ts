import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sweepTempFiles, writeFileAtomic, writeJsonAtomic } from '@plugboard/core';
import { fsError } from '../fs-errors.js';

export { readLinks } from '../fast-help/index.js';

/** Linked plugin folders, kept beside the user plugin directory's package.json. */
export function linksFile(pluginsDir: string): string {
  return join(pluginsDir, 'links.json');
}

/** Write JSON atomically; a folder the CLI cannot write is a coded error naming it and XDG_DATA_HOME. */
export function writeJson(file: string, value: unknown, cliName: string): void {
  try {
    writeJsonAtomic(file, value, { pretty: true });
  } catch (error) {
    throw fsError(error, { cliName, path: file, variable: 'XDG_DATA_HOME' }) ?? error;
  }
}

export function writeLinks(pluginsDir: string, links: readonly string[], cliName: string): void {
  writeJson(linksFile(pluginsDir), [...new Set(links)], cliName);
}

export interface UserManifest {
  name: string;
  private: boolean;
  dependencies: Record<string, string>;
}

/** The user plugin directory's package.json (created on first install). */
export function readUserManifest(pluginsDir: string, cliName: string): UserManifest {
  try {
    const json = JSON.parse(readFileSync(join(pluginsDir, 'package.json'), 'utf8')) as Partial<UserManifest>;
    return { name: json.name ?? `${cliName}-plugins`, private: true, dependencies: json.dependencies ?? {} };
  } catch {
    return { name: `${cliName}-plugins`, private: true, dependencies: {} };
  }
}

export function ensureUserDir(pluginsDir: string, cliName: string): void {
  if (!existsSync(join(pluginsDir, 'package.json'))) {
    writeJson(join(pluginsDir, 'package.json'), readUserManifest(pluginsDir, cliName), cliName);
  }
}

/** The files an install may change, to put back when the new plugin is rejected. */
export interface Snapshot {
  files: Record<string, string | null>;
}

const SNAPSHOT_FILES = ['package.json', 'package-lock.json'];

export function snapshot(pluginsDir: string): Snapshot {
  const files: Record<string, string | null> = {};
  for (const f of SNAPSHOT_FILES) {
    try {
      files[f] = readFileSync(join(pluginsDir, f), 'utf8');
    } catch {
      files[f] = null;
    }
  }
  return { files };
}

export function restore(pluginsDir: string, snap: Snapshot): void {
  for (const [f, text] of Object.entries(snap.files)) {
    if (text === null) rmSync(join(pluginsDir, f), { force: true });
    else writeFileAtomic(join(pluginsDir, f), text);
  }
}

/** This adapter package's folder, so user plugins that import `@plugboard/cli` get the host's copy. */
const ADAPTER_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Put `dir` at `node_modules/<name>` of the store, unless something usable is there already. */
function linkPackage(pluginsDir: string, name: string, dir: string): void {
  const target = join(pluginsDir, 'node_modules', ...name.split('/'));
  try {
    lstatSync(target);
    if (existsSync(target)) return; // present and not a dangling link
    rmSync(target, { force: true });
  } catch {
    // absent: link it
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(dir, target, 'dir');
  } catch {
    // best effort: plugins that only use `import type` from the adapter work without it
  }
}

/** The folder of package `name` as the host app (`root`) resolves it; undefined when it does not. */
function packageDirFrom(root: string, name: string): string | undefined {
  for (let d = root; ; d = dirname(d)) {
    const dir = join(d, 'node_modules', ...name.split('/'));
    if (existsSync(join(dir, 'package.json'))) return realpathSync(dir);
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Plugins import their adapter at run time but do not install it (peers are the
 * host's): link @plugboard/cli, and the adapter of each of the CLI's
 * `pluginHosts` as the host app resolves it, into the store's node_modules.
 * npm prunes what it did not install, so this runs after every npm run, and at
 * start (a kill during npm can leave a link missing).
 */
export function linkAdapter(
  pluginsDir: string,
  others: { root?: string | undefined; adapters?: readonly string[] } = {},
): void {
  linkPackage(pluginsDir, '@plugboard/cli', ADAPTER_DIR);
  for (const name of others.adapters ?? []) {
    const dir = others.root === undefined ? undefined : packageDirFrom(others.root, name);
    if (dir) linkPackage(pluginsDir, name, dir);
  }
}

/** Remove `*.tmp` files that atomic writes left behind in `dir` (a kill between write and rename). */
export function sweepTemp(dir: string, now = Date.now()): string[] {
  return sweepTempFiles(dir, { now });
}

/** npm's package name of a spec: `@s/n@^1`, `n@1.2.3`, `n`; undefined for URLs and paths. */
export function specName(spec: string): string | undefined {
  const m = /^(@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)(@.*)?$/i.exec(spec);
  return m?.[1];
}
