import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Linked plugin folders, kept beside the user plugin directory's package.json. */
export function linksFile(pluginsDir: string): string {
  return join(pluginsDir, 'links.json');
}

export { readLinks } from '../fast-help.js';

export function writeLinks(pluginsDir: string, links: readonly string[]): void {
  writeJson(linksFile(pluginsDir), [...new Set(links)]);
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
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
    writeJson(join(pluginsDir, 'package.json'), readUserManifest(pluginsDir, cliName));
  }
}

/** The files an install may change, to put back when the new plugin is rejected. */
export interface Snapshot {
  files: Record<string, string | undefined>;
}

const SNAPSHOT_FILES = ['package.json', 'package-lock.json'];

export function snapshot(pluginsDir: string): Snapshot {
  const files: Record<string, string | undefined> = {};
  for (const f of SNAPSHOT_FILES) {
    try {
      files[f] = readFileSync(join(pluginsDir, f), 'utf8');
    } catch {
      files[f] = undefined;
    }
  }
  return { files };
}

export function restore(pluginsDir: string, snap: Snapshot): void {
  for (const [f, text] of Object.entries(snap.files)) {
    if (text === undefined) rmSync(join(pluginsDir, f), { force: true });
    else writeFileSync(join(pluginsDir, f), text);
  }
}

/** This adapter package's folder, so user plugins that import `@plugboard/cli` get the host's copy. */
const ADAPTER_DIR = fileURLToPath(new URL('../../', import.meta.url));

/**
 * npm leaves peers alone (`--legacy-peer-deps`) and prunes what it did not
 * install, so the link to the host's @plugboard/cli is put back after every npm run.
 */
export function linkAdapter(pluginsDir: string): void {
  const target = join(pluginsDir, 'node_modules', '@plugboard', 'cli');
  try {
    lstatSync(target);
    return;
  } catch {
    // absent: link it
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(ADAPTER_DIR, target, 'dir');
  } catch {
    // best effort: plugins that only use `import type` from @plugboard/cli work without it
  }
}

/** npm's package name of a spec: `@s/n@^1`, `n@1.2.3`, `n`; undefined for URLs and paths. */
export function specName(spec: string): string | undefined {
  const m = /^(@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)(@.*)?$/i.exec(spec);
  return m?.[1];
}
