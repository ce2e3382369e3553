import type { Problem } from '@plugboard/core';
import { checkPluginShape, GROUP_NAME } from '../define.js';
import { CliError, CliErrorCodes } from '../errors.js';
import {
  bundledCandidates,
  claimGroups,
  type discoveryScope,
  type IndexedGroup,
  readCommandIndex,
} from '../fast-help.js';
import type { CliGroupMeta, CliPlugin } from '../types.js';
import { writeCommandIndex } from './command-index.js';
import { readGroupMeta } from './meta.js';

/** Where a command group comes from, highest precedence first. */
export type GroupSource = 'path' | 'user' | 'dependencies' | 'bundled';

export interface GroupEntry {
  /** Command group name (the `cli` entry point name). */
  name: string;
  description: string;
  source: GroupSource;
  package: { name: string; version: string; dir?: string };
  meta?: CliGroupMeta;
  /** Import the plugin (once); rejects with a CliError naming the package. */
  load(): Promise<CliPlugin>;
}

export interface RegistryOptions {
  cliName: string;
  cliVersion: string;
  host: { name: string; version: string };
  /** Where discovery looks, the cache files and the command index key (`discoveryScope()`). */
  scope: ReturnType<typeof discoveryScope>;
  bundled: ReadonlyArray<CliPlugin>;
}

export interface Registry {
  groups: Map<string, GroupEntry>;
  problems: Problem[];
  /** Whether discovery was answered by the command index (no core import). */
  fromIndex: boolean;
}

function loadError(cliName: string, entry: IndexedGroup, error: unknown): CliError {
  const code = (error as { code?: string }).code;
  const detail = error instanceof Error ? error.message : String(error);
  return new CliError(
    CliErrorCodes.PLUGIN_LOAD_FAILED,
    `${cliName}: the "${entry.name}" commands from ${entry.package.name}@${entry.package.version} could not be loaded${code ? ` (${code})` : ''}: ${detail} Other commands still work; reinstall or update the plugin, or remove it with \`${cliName} plugins uninstall ${entry.package.name}\`.`,
    { package: entry.package.name, plugin: entry.name, cause: error },
  );
}

/** Discover `cli` entry points with core (imported only on a cold start). */
async function scan(
  o: RegistryOptions,
): Promise<{ groups: IndexedGroup[]; problems: Problem[]; fromIndex: boolean }> {
  const { key, cache, cwd, dependencies, links, paths } = o.scope;
  const cached = cache && readCommandIndex(cache.commands, key);
  if (cached) return { groups: cached.groups, problems: cached.problems, fromIndex: true };
  const { discoverSync } = await import('@plugboard/core');
  const result = discoverSync({
    group: 'cli',
    cwd,
    sources: { paths: links, userDir: paths.pluginsDir, dependencies },
    host: o.host,
    cache: cache?.discovery ?? false,
  });
  const problems = [...result.problems];
  const groups: IndexedGroup[] = [];
  for (const plugin of result.plugins) {
    const pkg = plugin.package;
    if (!GROUP_NAME.test(plugin.name)) {
      problems.push({
        code: CliErrorCodes.PLUGIN_INVALID,
        message: `${pkg.name}@${pkg.version} declares the cli entry point "${plugin.name}", which is not a valid command group name (lower-case letters, digits, "-"); it is ignored.`,
        package: pkg.name,
        plugin: plugin.name,
      });
      continue;
    }
    const { meta, problem } = readGroupMeta(pkg.manifest.cli, plugin.name, pkg.name);
    if (problem) problems.push(problem);
    groups.push({
      name: plugin.name,
      description: meta?.description ?? pkg.manifest.description ?? `commands from ${pkg.name}`,
      source: plugin.source === 'scan' ? 'dependencies' : plugin.source,
      package: { name: pkg.name, version: pkg.version, dir: pkg.dir },
      value: plugin.value,
      ...(meta ? { meta } : {}),
    });
  }
  if (cache) writeCommandIndex(cache.commands, { key, fingerprint: result.fingerprint, groups, problems });
  return { groups, problems, fromIndex: false };
}

/** Import one discovered group through core's loader (lazy: core is only needed to run a plugin). */
async function importGroup(cliName: string, group: IndexedGroup): Promise<CliPlugin> {
  const { loadEntryPoint } = await import('@plugboard/core');
  const pkg = { ...group.package, peerDependencies: {}, manifest: { entryPoints: {} } };
  try {
    return (await loadEntryPoint({
      pkg,
      group: 'cli',
      name: group.name,
      value: group.value,
      guard: checkPluginShape,
    })) as CliPlugin;
  } catch (error) {
    throw loadError(cliName, group, error);
  }
}

/**
 * All command groups from static metadata: linked > user > bundled packages >
 * plugin objects passed to createCli. No plugin is imported here.
 */
export async function buildRegistry(o: RegistryOptions): Promise<Registry> {
  const scanned = await scan(o);
  const discovered = scanned.groups.map((group): GroupEntry => {
    let loading: Promise<CliPlugin> | undefined;
    return {
      name: group.name,
      description: group.description,
      source: group.source,
      package: group.package,
      ...(group.meta ? { meta: group.meta } : {}),
      load: () => {
        loading ??= importGroup(o.cliName, group);
        return loading;
      },
    };
  });
  const bundled = bundledCandidates({ name: o.cliName, version: o.cliVersion, plugins: o.bundled }).map(
    (entry, i): GroupEntry => ({ ...entry, load: () => Promise.resolve(o.bundled[i]!) }),
  );
  const { groups, problems } = claimGroups([...discovered, ...bundled], o.cliName);
  return { groups, problems: [...scanned.problems, ...problems], fromIndex: scanned.fromIndex };
}
