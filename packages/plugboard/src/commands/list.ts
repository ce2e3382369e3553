import { ErrorCodes, type PluginSource, type Problem } from '@plugboard/core';
import { adapterName } from '../adapter.js';
import type { DiscoveryScope } from '../discovery.js';
import { type GroupView, inspectProject } from '../project/inspect.js';

/** One discovered plugin, as `plugboard list` shows it. */
export interface PluginRow {
  name: string;
  group: string;
  package: string;
  version: string;
  source: PluginSource | 'provided';
  /** Entry point as declared, e.g. `./dist/index.js#plugin`. */
  entry: string;
  dir: string;
  description?: string;
  /** The adapter package the group belongs to, and its installed version when the project has it. */
  host: { name: string; version?: string; range?: string };
  /** Whether the plugin's peer range admits the installed adapter; null when no adapter is installed. */
  compatible: boolean | null;
  /** `usable` by its host, `excluded` by it (see `problem`), or `unchecked` (no adapter installed). */
  status: 'usable' | 'excluded' | 'unchecked';
  /** Why the host left it out. */
  problem?: { code: string; message: string };
}

export interface ListPluginsOptions extends DiscoveryScope {
  /** Only this entry point group. */
  group?: string;
}

/** What `plugboard list` prints: the rows, and how many packages were left out for problems. */
export interface PluginList {
  plugins: PluginRow[];
  /** Packages (or plugins) discovery or a host left out with an error; `plugboard doctor` explains each. */
  leftOut: number;
}

function rowsOf(view: GroupView): PluginRow[] {
  const name = adapterName(view.group);
  const installed = view.host.adapter?.version;
  const host = (range: string | undefined): PluginRow['host'] => ({
    name,
    ...(installed ? { version: installed } : {}),
    ...(range !== undefined ? { range } : {}),
  });
  const rows: PluginRow[] = view.plugins.map((p) => {
    const description = p.package.manifest.description;
    return {
      name: p.name,
      group: view.group,
      package: p.package.name,
      version: p.package.version,
      source: p.source,
      entry: p.value,
      dir: p.package.dir,
      ...(description ? { description } : {}),
      host: host(p.package.peerDependencies[name]),
      compatible: installed ? true : null,
      status: 'usable',
    };
  });
  const other = (e: GroupView['excluded'][number], status: PluginRow['status']): PluginRow => ({
    name: e.name,
    group: view.group,
    package: e.package.name,
    version: e.package.version,
    source: e.source ?? 'dependencies',
    entry: e.entry ?? '',
    dir: e.package.dir,
    host: host(e.problem.details?.range),
    compatible: status === 'unchecked' ? null : e.problem.code !== ErrorCodes.INCOMPATIBLE,
    status,
    ...(status === 'excluded' ? { problem: { code: e.problem.code, message: e.problem.message } } : {}),
  });
  rows.push(...view.excluded.map((e) => other(e, 'excluded')));
  rows.push(...view.unchecked.map((e) => other(e, 'unchecked')));
  return rows;
}

const isError = (p: Problem) => (p.severity ?? 'error') === 'error';

/** Every plugin each host of the project sees, usable or not, and how many packages were left out. */
export async function listProject(options: ListPluginsOptions = {}): Promise<PluginList> {
  const view = await inspectProject(options);
  const plugins = view.groups
    .flatMap(rowsOf)
    .sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  const leftOut = new Set(
    view.problems.filter(isError).map((p) => p.package ?? p.path ?? `${p.code}:${p.plugin}`),
  );
  return { plugins, leftOut: leftOut.size };
}

/** The rows of `listProject`. */
export async function listPlugins(options: ListPluginsOptions = {}): Promise<PluginRow[]> {
  return (await listProject(options)).plugins;
}

function compatibility(r: PluginRow): string {
  if (r.status === 'excluded' && r.problem?.code !== ErrorCodes.INCOMPATIBLE)
    return `left out (${r.problem?.code})`;
  if (r.compatible === null) return `unknown (${r.host.name} not installed)`;
  if (r.compatible) return `yes (${r.host.name}@${r.host.version})`;
  return `NO (needs ${r.host.range}, have ${r.host.version})`;
}

/** Plain-text table of rows, for terminals; says when packages were left out and where to look. */
export function formatPluginTable(rows: readonly PluginRow[], leftOut = 0): string {
  const note =
    leftOut > 0
      ? `\n${leftOut} package(s) left out for problems; run \`plugboard doctor\` to see why and what to do.\n`
      : '';
  if (rows.length === 0)
    return `No plugins found. Install a plugin package, or pass --scan to look beyond dependencies.\n${note}`;
  const header = ['GROUP', 'NAME', 'PACKAGE', 'SOURCE', 'COMPATIBLE'];
  const lines = rows.map((r) => [r.group, r.name, `${r.package}@${r.version}`, r.source, compatibility(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[fmt(header), ...lines.map(fmt)].join('\n')}\n${note}`;
}
