import { discoverSync, type Problem } from '@plugboard/core';
import { checkPluginShape, GROUP_NAME } from '../define.js';
import { CliError, CliErrorCodes } from '../errors.js';
import type { CliGroupMeta, CliPlugin } from '../types.js';
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
  cache: boolean | string;
  bundled: ReadonlyArray<CliPlugin>;
  /** Built-in groups (config, plugins, help) that plugins may not take. */
  reserved: ReadonlySet<string>;
}

export interface Registry {
  groups: Map<string, GroupEntry>;
  problems: Problem[];
}

function loadError(cliName: string, entry: Omit<GroupEntry, 'load'>, error: unknown): CliError {
  const code = (error as { code?: string }).code;
  const detail = error instanceof Error ? error.message : String(error);
  return new CliError(
    CliErrorCodes.PLUGIN_LOAD_FAILED,
    `${cliName}: the "${entry.name}" commands from ${entry.package.name}@${entry.package.version} could not be loaded${code ? ` (${code})` : ''}: ${detail} Other commands still work; reinstall or update the plugin, or uninstall it with \`${cliName} plugins uninstall ${entry.package.name}\`.`,
    { package: entry.package.name, plugin: entry.name, cause: error },
  );
}

/**
 * All command groups from static metadata: linked > user > bundled packages >
 * plugin objects passed to createCli. Nothing is imported here.
 */
export function buildRegistry(o: RegistryOptions): Registry {
  const result = discoverSync({
    group: 'cli',
    cwd: o.cwd,
    sources: { paths: o.links, userDir: o.userDir, dependencies: o.dependencies },
    host: o.host,
    cache: o.cache,
    guard: checkPluginShape,
  });
  const problems = [...result.problems];
  const groups = new Map<string, GroupEntry>();
  const claim = (entry: GroupEntry): void => {
    if (o.reserved.has(entry.name)) {
      problems.push({
        code: CliErrorCodes.PLUGIN_INVALID,
        message: `${entry.package.name}@${entry.package.version} declares the command group "${entry.name}", which is built into ${o.cliName}; it is ignored. Rename its entry point.`,
        package: entry.package.name,
        plugin: entry.name,
      });
      return;
    }
    const winner = groups.get(entry.name);
    if (winner) {
      problems.push({
        code: 'PB_DUPLICATE',
        message: `cli plugin "${entry.name}" is declared by ${winner.package.name}@${winner.package.version} (${winner.source}) and ${entry.package.name}@${entry.package.version} (${entry.source}); using ${winner.package.name} because the ${winner.source} source takes precedence over ${entry.source}. Uninstall one of them or rename the entry point.`,
        package: entry.package.name,
        plugin: entry.name,
      });
      return;
    }
    groups.set(entry.name, entry);
  };
  for (const plugin of result.plugins) {
    if (!GROUP_NAME.test(plugin.name)) {
      problems.push({
        code: CliErrorCodes.PLUGIN_INVALID,
        message: `${plugin.package.name}@${plugin.package.version} declares the cli entry point "${plugin.name}", which is not a valid command group name (lower-case letters, digits, "-"); it is ignored.`,
        package: plugin.package.name,
        plugin: plugin.name,
      });
      continue;
    }
    const { meta, problem } = readGroupMeta(plugin.package.manifest.cli, plugin.name, plugin.package.name);
    if (problem) problems.push(problem);
    const base = {
      name: plugin.name,
      description:
        meta?.description ?? plugin.package.manifest.description ?? `commands from ${plugin.package.name}`,
      source: plugin.source as GroupSource,
      package: { name: plugin.package.name, version: plugin.package.version, dir: plugin.package.dir },
      ...(meta ? { meta } : {}),
    };
    let loading: Promise<CliPlugin> | undefined;
    claim({
      ...base,
      load: () => {
        loading ??= plugin.load().then(
          (value) => value as CliPlugin,
          (error: unknown) => Promise.reject(loadError(o.cliName, base, error)),
        );
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
  return { groups, problems };
}
