import type { Problem } from '../errors.js';
import type { PluginManifest } from '../manifest/schema.js';

/** Where a plugin package was found; earlier sources win over later ones. */
export type PluginSource = 'path' | 'user' | 'dependencies' | 'scan';

export const SOURCE_PRECEDENCE: readonly PluginSource[] = ['path', 'user', 'dependencies', 'scan'];

export interface PluginPackage {
  name: string;
  version: string;
  /** Real (symlink-resolved) directory of the package. */
  dir: string;
  peerDependencies: Record<string, string>;
  manifest: PluginManifest;
}

export interface DiscoveredPlugin {
  /** The entry point's name within its group. */
  name: string;
  group: string;
  /** `"./dist/x.js#Export"` as declared. */
  value: string;
  package: PluginPackage;
  source: PluginSource;
  /** Imports the entry point; rejects with a coded PlugboardError (cause kept). */
  load(): Promise<unknown>;
}

export interface DiscoverySources {
  /** Explicit plugin package directories (linked local plugins). Highest precedence. */
  paths?: string[];
  /** A user plugin directory (oclif-style): a folder with its own package.json and node_modules. */
  userDir?: string;
  /** Walk the host project's package.json dependencies with Node resolution. Default true. */
  dependencies?: boolean;
  /** Scan every package in `<cwd>/node_modules` (scoped included). Default false. */
  scan?: boolean;
}

export interface HostInfo {
  /** npm name of the adapter package plugins declare as a peer, e.g. `@plugboard/config`. */
  name: string;
  /** Installed version of that adapter. */
  version: string;
}

export interface DiscoverOptions {
  /** Entry point group to return, e.g. `config`. Omit to return every group. */
  group?: string;
  /** Host project directory. Default `process.cwd()`. */
  cwd?: string;
  sources?: DiscoverySources;
  /** When given, plugins whose peer range on `host.name` excludes `host.version` are reported, not returned. */
  host?: HostInfo;
  /**
   * Index cache: `true` (default) stores it under `<cwd>/node_modules/.cache/plugboard`,
   * a string is the file to use, `false` disables it.
   */
  cache?: boolean | string;
}

export interface DiscoveryResult {
  plugins: DiscoveredPlugin[];
  problems: Problem[];
  /** Whether the result came from the index (`warm`) or a fresh scan (`cold`). */
  from: 'index' | 'scan';
  /**
   * Every path the result depends on, with its stamp (`stampOf` from
   * `@plugboard/core/light`: mtimeMs, or for a node_modules folder a hash of the package
   * names in it; -1 = absent). While no stamp changed, the result still holds: hosts
   * can cache what they derive from it.
   */
  fingerprint: Record<string, number>;
}
