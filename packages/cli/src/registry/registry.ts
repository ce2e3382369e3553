import type { Problem } from '@plugboard/core';
import { checkPluginShape, GROUP_NAME } from '../define.js';
import { CliError, CliErrorCodes } from '../errors.js';
import type { CliGroupMeta, CliPlugin } from '../types.js';
import { type IndexedGroup, readCommandIndex, writeCommandIndex } from './command-index.js';
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
  /** Discovery cwd (bundled dependencies are read from its package.json when `dependencies`). */
  cwd: string;
  dependencies: boolean;
  userDir: string;
  links: string[];
  /** Core's discovery index file and the CLI's command index file; undefined = no caching. */
  cache?: { discovery: string; commands: string } | undefined;
  bundled: ReadonlyArray<CliPlugin>;
  /** Built-in groups (config, plugins, help) that plugins may not take. */
  reserved: ReadonlySet<string>;
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
  const key = JSON.stringify([o.host, o.cwd, o.dependencies, o.userDir, o.links]);
  const cached = o.cache && readCommandIndex(o.cache.commands, key);
  if (cached) return { groups: cached.groups, problems: cached.problems, fromIndex: true };
  const { discoverSync } = await import('@plugboard/core');
  const result = discoverSync({
    group: 'cli',
    cwd: o.cwd,
    sources: { paths: o.links, userDir: o.userDir, dependencies: o.dependencies },
    host: o.host,
    cache: o.cache?.discovery ?? false,
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
  if (o.cache)
    writeCommandIndex(o.cache.commands, { key, fingerprint: result.fingerprint, groups, problems });
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
  const problems = [...scanned.problems];
  const groups = new Map<string, GroupEntry>();
  const claim = (entry: GroupEntry): void => {
    const pkg = `${entry.package.name}@${entry.package.version}`;
    if (o.reserved.has(entry.name)) {
      problems.push({
        code: CliErrorCodes.PLUGIN_INVALID,
        message: `${pkg} declares the command group "${entry.name}", which is built into ${o.cliName}; it is ignored. Rename its entry point.`,
        package: entry.package.name,
        plugin: entry.name,
      });
      return;
    }
    const winner = groups.get(entry.name);
    if (!winner) {
      groups.set(entry.name, entry);
      return;
    }
    problems.push({
      code: 'PB_DUPLICATE',
      message: `cli plugin "${entry.name}" is declared by ${winner.package.name}@${winner.package.version} (${winner.source}) and ${pkg} (${entry.source}); using ${winner.package.name} because the ${winner.source} source takes precedence over ${entry.source}. Uninstall one of them or rename the entry point.`,
      package: entry.package.name,
      plugin: entry.name,
    });
  };
  for (const group of scanned.groups) {
    let loading: Promise<CliPlugin> | undefined;
    claim({
      name: group.name,
      description: group.description,
      source: group.source,
      package: group.package,
      ...(group.meta ? { meta: group.meta } : {}),
      load: () => {
        loading ??= importGroup(o.cliName, group);
        return loading;
      },
    });
  }
  for (const plugin of o.bundled) {
    claim({
      name: plugin.name,
      description: plugin.description ?? '',
      source: 'bundled',
      package: { name: o.cliName, version: o.cliVersion },
      load: () => Promise.resolve(plugin),
    });
  }
  return { groups, problems, fromIndex: scanned.fromIndex };
}
