import { CliError, CliErrorCodes } from './errors.js';
import { tryFastHelp } from './fast-help/index.js';
import type { Cli, CreateCliOptions } from './types.js';

/** CLI names: what a shell user types, and the config/data folder and env var prefix. */
const CLI_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Create a CLI whose command groups come from plugins. `run(argv)` resolves
 * to the exit code (0 ok, 1 failure, 2 usage) and never calls process.exit.
 * Help-only command lines are answered from the discovery index when it is warm;
 * commander, core and the plugins are imported only for everything else.
 */
export function createCli(options: CreateCliOptions): Cli {
  if (!CLI_NAME.test(options.name)) {
    throw new CliError(
      CliErrorCodes.USAGE,
      `CLI name ${JSON.stringify(options.name)} must be lower-case letters, digits and "-".`,
    );
  }
  return {
    name: options.name,
    version: options.version,
    async run(argv) {
      return tryFastHelp(options, argv) ?? (await import('./run.js')).runCli(options, argv);
    },
  };
}
