import { CliError, CliErrorCodes } from '../errors.js';
import { ADAPTER } from '../host.js';

export interface CheckedPlugin {
  name: string;
  version: string;
  dir: string;
  groups: string[];
}

/**
 * Check that the package in `dir` is a CLI plugin made for this host before it
 * is enabled: a `plugboard.entryPoints.cli` group, a valid manifest and a peer
 * range on @plugboard/cli that admits the running version.
 */
export async function checkCandidate(dir: string, cliName: string): Promise<CheckedPlugin> {
  // Core is imported here, not at the top: this file is reachable from the help path.
  const { discoverSync, ErrorCodes } = await import('@plugboard/core');
  const result = discoverSync({
    group: 'cli',
    cwd: dir,
    sources: { paths: [dir], dependencies: false },
    host: ADAPTER,
    cache: false,
  });
  const incompatible = result.problems.find((p) => p.code === ErrorCodes.INCOMPATIBLE);
  if (incompatible) {
    throw new CliError(
      CliErrorCodes.INCOMPATIBLE,
      `${cliName}: ${incompatible.message.replace(/; install a version.*$/, '')}; it was not enabled. Install a version of the plugin made for @plugboard/cli@${ADAPTER.version}.`,
      { ...(incompatible.package ? { package: incompatible.package } : {}), path: dir },
    );
  }
  const first = result.plugins[0];
  if (!first) {
    const why = result.problems
      .filter((p) => !p.message.includes('is not a plugin package'))
      .map((p) => p.message)
      .join(' ');
    throw new CliError(
      CliErrorCodes.NOT_A_PLUGIN,
      `${cliName}: ${dir} is not a ${cliName} plugin: ${why || 'its package.json has no "plugboard.entryPoints.cli" entry'}. Only packages that declare CLI command groups can be installed.`,
      { path: dir },
    );
  }
  return {
    name: first.package.name,
    version: first.package.version,
    dir: first.package.dir,
    groups: result.plugins.map((p) => p.name),
  };
}
