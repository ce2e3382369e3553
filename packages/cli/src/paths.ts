import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CreateCliOptions } from './types.js';

export interface CliPaths {
  configDir: string;
  configFile: string;
  dataDir: string;
  /** The user plugin directory: a package.json + node_modules managed with npm. */
  pluginsDir: string;
}

/** XDG base directories, with the documented fallbacks, unless the host overrides them. */
export function resolvePaths(
  options: Pick<CreateCliOptions, 'name' | 'configDir' | 'dataDir'>,
  env: NodeJS.ProcessEnv,
): CliPaths {
  const home = env.HOME || homedir();
  const configDir = resolve(
    options.configDir ?? join(env.XDG_CONFIG_HOME || join(home, '.config'), options.name),
  );
  const dataDir = resolve(
    options.dataDir ?? join(env.XDG_DATA_HOME || join(home, '.local', 'share'), options.name),
  );
  return {
    configDir,
    configFile: join(configDir, 'config.yaml'),
    dataDir,
    pluginsDir: join(dataDir, 'plugins'),
  };
}
