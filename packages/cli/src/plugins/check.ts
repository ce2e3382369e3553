import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ErrorCodes, type Host, type HostDiscovery, type Problem, parseEntryPoint } from '@plugboard/core';
import { CliError, CliErrorCodes } from '../errors.js';
import { cliHost } from '../host/definition.js';

export interface CheckedPlugin {
  name: string;
  version: string;
  dir: string;
  /** The entry group it was accepted for: `cli`, or the group of one of the CLI's `pluginHosts`. */
  host: string;
  /** Its entry names in that group (command groups for `cli`). */
  groups: string[];
}

/** Any host made with core's defineHost (the CLI's own, or one of its `pluginHosts`). */
// biome-ignore lint/suspicious/noExplicitAny: hosts of any plugin and metadata type
export type AnyHost = Host<any, any>;

/** How messages name what a package offers: `commands: a, b` or `web plugins: notes`. */
export function offered(c: Pick<CheckedPlugin, 'host' | 'groups'>): string {
  return `${c.host === 'cli' ? 'commands' : `${c.host} plugins`}: ${c.groups.join(', ')}`;
}

/** Whether `dep` resolves from `dir` the way Node would (a node_modules folder on the way up). */
function installed(dir: string, dep: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', dep, 'package.json'))) return true;
    if (dirname(d) === d) return false;
  }
}

/** The package's own runtime dependencies that are not installed (peers are the host's to provide). */
function missingDependencies(dir: string): string[] {
  try {
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return Object.keys(json.dependencies ?? {}).filter((dep) => !installed(dir, dep));
  } catch {
    return [];
  }
}

/**
 * Check that the package in `dir` is a plugin made for this host before it is
 * enabled: `plugboard.entryPoints.cli` groups the host accepts (the same kit
 * definition discovery uses) — or the group of one of the CLI's `pluginHosts` —
 * a peer range on the adapter that admits the running version, entry modules
 * that exist and its own dependencies installed. Decides on codes and
 * `details`, never on message text.
 */
export async function checkCandidate(
  dir: string,
  cliName: string,
  others: ReadonlyArray<AnyHost> = [],
): Promise<CheckedPlugin> {
  const hosts: AnyHost[] = [cliHost, ...others];
  const results = hosts.map((host) => ({
    host,
    found: host.discover({
      cwd: dir,
      sources: { paths: [dir], dependencies: false },
      cache: false,
    }) as HostDiscovery<unknown, unknown>,
  }));
  const usable = results.find((r) => r.found.plugins.some((p) => p.source === 'path'));
  const incompatible = results
    .map((r) => ({ ...r, problem: r.found.problems.find((p) => p.code === ErrorCodes.INCOMPATIBLE) }))
    .find((r) => r.problem);
  if (!usable && incompatible?.problem) {
    const { host, found, problem } = incompatible;
    const d = problem.details ?? {};
    const pkg = found.excluded.find((e) => e.problem === problem)?.package;
    const who = pkg ? `${pkg.name}@${pkg.version}` : (problem.package ?? dir);
    const adapter = d.adapter ?? host.adapter.name;
    throw new CliError(
      CliErrorCodes.INCOMPATIBLE,
      `${who} needs ${adapter}@${d.range ?? '?'}, but this host has ${adapter}@${d.installed ?? host.adapter.version}; it was not enabled. Install a version of the plugin made for ${adapter}@${host.adapter.version}.`,
      {
        cli: cliName,
        ...(problem.package ? { package: problem.package } : {}),
        path: dir,
        details: { ...d },
      },
    );
  }
  const plugins = usable?.found.plugins.filter((p) => p.source === 'path') ?? [];
  const first = plugins[0];
  if (!usable || !first) {
    // "not a plugin package" (no plugboard field) is what this message itself says
    const notPlugin = (p: Problem) =>
      p.code === ErrorCodes.MANIFEST_INVALID && p.package === undefined && resolve(p.path ?? '') === dir;
    const why = [
      ...new Set(results.flatMap((r) => r.found.problems.filter((p) => !notPlugin(p)).map((p) => p.message))),
    ].join(' ');
    const groups = hosts.map((h) => `"plugboard.entryPoints.${h.group}"`).join(' or ');
    const kinds =
      hosts.length === 1
        ? 'CLI command groups'
        : `CLI command groups or ${others.map((h) => `${h.group} plugins`).join(', ')}`;
    throw new CliError(
      CliErrorCodes.NOT_A_PLUGIN,
      `${dir} is not a ${cliName} plugin: ${why || `its package.json has no ${groups} entry`}. Only packages that declare ${kinds} can be installed.`,
      { cli: cliName, path: dir },
    );
  }
  const pkgDir = first.package.dir;
  const absent = plugins
    .map((p) => parseEntryPoint(p.value).module)
    .filter((m) => m.startsWith('.') && !existsSync(resolve(pkgDir, m)));
  if (absent.length > 0) {
    throw new CliError(
      CliErrorCodes.NOT_A_PLUGIN,
      `${first.package.name}@${first.package.version} in ${pkgDir} names entry modules that do not exist (${absent.join(', ')}); build the plugin (e.g. \`npm run build\` in ${pkgDir}) first.`,
      { cli: cliName, package: first.package.name, path: pkgDir, details: { missing: absent.join(',') } },
    );
  }
  const missing = missingDependencies(pkgDir);
  if (missing.length > 0) {
    throw new CliError(
      CliErrorCodes.NOT_A_PLUGIN,
      `${first.package.name}@${first.package.version} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed; run \`npm install\` in ${pkgDir} first.`,
      { cli: cliName, package: first.package.name, path: pkgDir, details: { missing: missing.join(',') } },
    );
  }
  return {
    name: first.package.name,
    version: first.package.version,
    dir: pkgDir,
    host: usable.host.group,
    groups: plugins.map((p) => p.name),
  };
}
