import { indexKey, viewKey } from '@plugboard/core/light';
import type { CliPaths, HelpHost } from '../types.js';

// Built-ins without `import`: their ESM facades cost milliseconds on the help path.
const fs = process.getBuiltinModule('node:fs');
const os = process.getBuiltinModule('node:os');
const path = process.getBuiltinModule('node:path');

/** XDG base directories, with the documented fallbacks, unless the host overrides them. */
export function resolvePaths(
  options: Pick<HelpHost, 'name' | 'configDir' | 'dataDir'>,
  env: NodeJS.ProcessEnv,
): CliPaths {
  const { join, resolve } = path;
  const home = env.HOME || os.homedir();
  const configDir = resolve(
    options.configDir ?? join(env.XDG_CONFIG_HOME || join(home, '.config'), options.name),
  );
  const dataDir = resolve(
    options.dataDir ?? join(env.XDG_DATA_HOME || join(home, '.local', 'share'), options.name),
  );
  return {
    configDir,
    configFile: join(configDir, 'config.yaml'),
    dataDir,
    pluginsDir: join(dataDir, 'plugins'),
  };
}

/** Linked plugin folders (`plugins link`), kept beside the user plugin directory's package.json. */
export function readLinks(pluginsDir: string): string[] {
  const file = path.join(pluginsDir, 'links.json');
  if (!fs.statSync(file, { throwIfNoEntry: false })) return []; // the usual case; no exception to build
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

let adapterIdentity: { name: string; version: string } | undefined;
/** The adapter's own identity: plugins declare a peer range on it. */
export function adapter(): { name: string; version: string } {
  adapterIdentity ??= {
    name: '@plugboard/cli',
    version: (
      JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      }
    ).version,
  };
  return adapterIdentity;
}

/** Label of the cli host: the start of its discovery messages, and part of its view's key. */
export const HOST_LABEL = '@plugboard/cli';

/**
 * Everything discovery depends on for one host run: the sources, core's index
 * file, and the keys the scan and this host's view are stored under in it.
 */
export function discoveryScope(host: HelpHost, env: NodeJS.ProcessEnv) {
  const { join, resolve } = path;
  const paths = resolvePaths(host, env);
  const links = readLinks(paths.pluginsDir);
  const cwd = resolve(host.root ?? paths.dataDir);
  const sources = { paths: links, userDir: paths.pluginsDir, dependencies: host.root !== undefined };
  const dir = typeof host.cache === 'string' ? resolve(host.cache) : join(paths.dataDir, 'cache');
  const index = host.cache === false ? undefined : join(dir, 'discovery.json');
  return {
    paths,
    links,
    cwd,
    sources,
    index,
    key: indexKey(cwd, sources),
    view: viewKey({ group: 'cli', adapter: adapter(), label: HOST_LABEL }),
  };
}

export type DiscoveryScope = ReturnType<typeof discoveryScope>;
