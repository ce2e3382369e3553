import { ErrorCodes, type Problem } from '../errors.js';
import { inRange } from '../util/semver.js';
import type { HostInfo, PluginPackage } from './types.js';

/**
 * A plugin is compatible when its peer range on the host's adapter package
 * admits the installed adapter version. No peer range means "any version".
 */
export function checkCompatibility(pkg: PluginPackage, host: HostInfo): Problem | undefined {
  const range = pkg.peerDependencies[host.name];
  if (range === undefined || range === '*' || range.startsWith('workspace:')) return undefined;
  if (inRange(host.version, range)) return undefined;
  return {
    code: ErrorCodes.INCOMPATIBLE,
    message: `${pkg.name}@${pkg.version} needs ${host.name}@${range} but ${host.version} is installed; install a version of the plugin made for ${host.name}@${host.version}, or change the host's version.`,
    package: pkg.name,
    path: pkg.dir,
    details: { adapter: host.name, range, installed: host.version },
  };
}
