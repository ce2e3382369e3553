import { checkCompatibility, type DiscoveredPlugin, discoverSync, type PluginSource } from '@plugboard/core';
import { type AdapterPackage, adapterName, adapterResolver } from '../adapter.js';
import { type DiscoveryScope, discoverOptions } from '../discovery.js';

/** One discovered plugin, as `plugboard list` shows it. */
export interface PluginRow {
  name: string;
  group: string;
  package: string;
  version: string;
  source: PluginSource;
  /** Entry point as declared, e.g. `./dist/index.js#plugin`. */
  entry: string;
  dir: string;
  description?: string;
  /** The adapter package the group belongs to, and its installed version when the project has it. */
  host: { name: string; version?: string; range?: string };
  /** Whether the plugin's peer range admits the installed adapter; null when no adapter is installed. */
  compatible: boolean | null;
}

export interface ListPluginsOptions extends DiscoveryScope {
  /** Only this entry point group. */
  group?: string;
}

export function pluginRow(plugin: DiscoveredPlugin, adapter: AdapterPackage | undefined): PluginRow {
  const host: PluginRow['host'] = { name: adapterName(plugin.group) };
  const range = plugin.package.peerDependencies[host.name];
  if (range !== undefined) host.range = range;
  if (adapter) host.version = adapter.version;
  const description = plugin.package.manifest.description;
  return {
    name: plugin.name,
    group: plugin.group,
    package: plugin.package.name,
    version: plugin.package.version,
    source: plugin.source,
    entry: plugin.value,
    dir: plugin.package.dir,
    ...(description ? { description } : {}),
    host,
    compatible: adapter ? checkCompatibility(plugin.package, adapter) === undefined : null,
  };
}

/** Every plugin the project's discovery finds, with its compatibility against the installed adapter. */
export function listPlugins(options: ListPluginsOptions = {}): PluginRow[] {
  const discoverOpts = discoverOptions(options);
  const { plugins } = discoverSync({ ...discoverOpts, ...(options.group ? { group: options.group } : {}) });
  const adapterOf = adapterResolver([discoverOpts.cwd]);
  return plugins
    .map((p) => pluginRow(p, adapterOf(p.group)))
    .sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
}

/** Plain-text table of rows, for terminals. */
export function formatPluginTable(rows: readonly PluginRow[]): string {
  if (rows.length === 0)
    return 'No plugins found. Install a plugin package, or pass --scan to look beyond dependencies.\n';
  const header = ['GROUP', 'NAME', 'PACKAGE', 'SOURCE', 'COMPATIBLE'];
  const lines = rows.map((r) => [
    r.group,
    r.name,
    `${r.package}@${r.version}`,
    r.source,
    r.compatible === null
      ? `unknown (${r.host.name} not installed)`
      : r.compatible
        ? `yes (${r.host.name}@${r.host.version})`
        : `NO (needs ${r.host.range}, have ${r.host.version})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[fmt(header), ...lines.map(fmt)].join('\n')}\n`;
}
