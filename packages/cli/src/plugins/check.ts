import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ErrorCodes, type Problem, parseEntryPoint } from '@plugboard/core';
import { CliError, CliErrorCodes } from '../errors.js';
import { cliHost } from '../host/definition.js';

export interface CheckedPlugin {
  name: string;
  version: string;
  dir: string;
  groups: string[];
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
 * Check that the package in `dir` is a CLI plugin made for this host before it is
 * enabled: `plugboard.entryPoints.cli` groups the host accepts (the same kit
 * definition discovery uses), a peer range on @plugboard/cli that admits the
 * running version, entry modules that exist and its own dependencies installed.
 * Decides on codes and `details`, never on message text.
 */
export async function checkCandidate(dir: string, cliName: string): Promise<CheckedPlugin> {
  const found = cliHost.discover({ cwd: dir, sources: { paths: [dir], dependencies: false }, cache: false });
  const incompatible = found.problems.find((p) => p.code === ErrorCodes.INCOMPATIBLE);
  if (incompatible) {
    const d = incompatible.details ?? {};
    const pkg = found.excluded.find((e) => e.problem === incompatible)?.package;
    const who = pkg ? `${pkg.name}@${pkg.version}` : (incompatible.package ?? dir);
    const adapter = d.adapter ?? cliHost.adapter.name;
    throw new CliError(
      CliErrorCodes.INCOMPATIBLE,
      `${who} needs ${adapter}@${d.range ?? '?'}, but this host has ${adapter}@${d.installed ?? cliHost.adapter.version}; it was not enabled. Install a version of the plugin made for ${adapter}@${cliHost.adapter.version}.`,
      {
        cli: cliName,
        ...(incompatible.package ? { package: incompatible.package } : {}),
        path: dir,
        details: { ...d },
      },
    );
  }
  const plugins = found.plugins.filter((p) => p.source === 'path');
  const first = plugins[0];
  if (!first) {
    // "not a plugin package" (no plugboard field) is what this message itself says
    const notPlugin = (p: Problem) =>
      p.code === ErrorCodes.MANIFEST_INVALID && p.package === undefined && resolve(p.path ?? '') === dir;
    const why = found.problems
      .filter((p) => !notPlugin(p))
      .map((p) => p.message)
      .join(' ');
    throw new CliError(
      CliErrorCodes.NOT_A_PLUGIN,
      `${dir} is not a ${cliName} plugin: ${why || 'its package.json has no "plugboard.entryPoints.cli" entry'}. Only packages that declare CLI command groups can be installed.`,
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
    groups: plugins.map((p) => p.name),
  };
}
