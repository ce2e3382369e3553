import type { FixturePackage } from './tree.js';

export interface FixturePluginOptions {
  name: string;
  version?: string;
  /** group -> entry name -> module source (ESM). Each becomes `dist/<group>-<entry>.js#default`. */
  entries: Record<string, Record<string, string>>;
  requires?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  /** Extra fields of the `plugboard` manifest. */
  manifest?: Record<string, unknown>;
  files?: Record<string, string>;
}

/**
 * A plugin package whose entry points are given as module source text,
 * e.g. `fixturePlugin({ name: 'p', entries: { config: { ENV: 'export default {...}' } } })`.
 */
export function fixturePlugin(o: FixturePluginOptions): FixturePackage {
  const files: Record<string, string> = { ...o.files };
  const entryPoints: Record<string, Record<string, string>> = {};
  for (const [group, entries] of Object.entries(o.entries)) {
    entryPoints[group] = {};
    for (const [name, source] of Object.entries(entries)) {
      const file = `dist/${group}-${name.replace(/[^\w.-]/g, '_')}.js`;
      files[file] = source;
      entryPoints[group]![name] = `./${file}`;
    }
  }
  return {
    name: o.name,
    ...(o.version ? { version: o.version } : {}),
    ...(o.peerDependencies ? { peerDependencies: o.peerDependencies } : {}),
    plugboard: { entryPoints, ...(o.requires ? { requires: o.requires } : {}), ...o.manifest },
    files,
  };
}
