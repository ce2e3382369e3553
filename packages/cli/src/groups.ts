import type { HostDiscovery, HostPlugin, Problem } from '@plugboard/core';
import { CliError, CliErrorCodes } from './errors.js';
import { type DiscoveryScope, describeGroup, type GroupInfo, originOf } from './fast-help/index.js';
import { cliHost } from './host/definition.js';
import type { CliGroupMeta, CliOrigin, CliPlugin } from './types.js';

/** One command group of a run: as help sees it, plus the kit's plugin to load it. */
export interface GroupEntry extends GroupInfo {
  origin: CliOrigin;
  plugin: HostPlugin<CliPlugin, CliGroupMeta>;
}

export interface Groups {
  groups: Map<string, GroupEntry>;
  problems: Problem[];
  found: HostDiscovery<CliPlugin, CliGroupMeta>;
}

/**
 * The run's command groups, from the host kit: linked > user > bundled packages >
 * the host's own plugin objects. No plugin is imported here.
 */
export function discoverGroups(
  scope: DiscoveryScope,
  host: { name: string; version: string; plugins: ReadonlyArray<CliPlugin> },
): Groups {
  const found = cliHost.discover({
    cwd: scope.cwd,
    sources: scope.sources,
    cache: scope.index ?? false,
    provided: host.plugins.map((p) => ({
      name: p.name,
      value: p,
      precedence: 'last' as const,
      meta: { ...(p.description === undefined ? {} : { description: p.description }) },
      package: { name: host.name, version: host.version },
    })),
  });
  const groups = new Map<string, GroupEntry>();
  for (const plugin of found.plugins) {
    const provided = plugin.source === 'provided';
    groups.set(plugin.name, {
      name: plugin.name,
      description: provided ? (plugin.meta?.description ?? '') : describeGroup(plugin.meta, plugin.package),
      source: plugin.source,
      origin: originOf(plugin.source),
      package: plugin.package,
      meta: plugin.meta,
      plugin,
    });
  }
  return { groups, problems: found.problems, found };
}

/** The coded error for a group that could not be imported, naming its package and what to do. */
export function loadError(cliName: string, entry: GroupEntry, error: unknown): CliError {
  // an Error, or the lifecycle's Problem for it ({ code, message, cause })
  const code = (error as { code?: string } | undefined)?.code;
  const message = (error as { message?: unknown } | undefined)?.message;
  const detail = typeof message === 'string' ? message : String(error);
  return new CliError(
    CliErrorCodes.PLUGIN_LOAD_FAILED,
    `the "${entry.name}" commands from ${entry.package.name}@${entry.package.version} (${entry.origin}) could not be loaded${code ? ` (${code})` : ''}: ${detail} Other commands still work; reinstall or update the plugin, or remove it with \`${cliName} plugins uninstall ${entry.package.name}\`.`,
    { cli: cliName, package: entry.package.name, plugin: entry.name, cause: error },
  );
}
