import { GROUP_NAME } from './define.js';
import { CliError, CliErrorCodes } from './errors.js';
import { tryFastHelp } from './fast-help.js';
import type { Cli, CreateCliOptions } from './types.js';

/**
 * Create a CLI whose command groups come from plugins. `run(argv)` resolves
 * to the exit code (0 ok, 1 failure, 2 usage) and never calls process.exit.
 * Help-only command lines are answered from the command index when it is warm;
 * commander, core and the plugins are imported only for everything else.
 */
export function createCli(options: CreateCliOptions): Cli {
  if (!GROUP_NAME.test(options.name)) {
    throw new CliError(
      CliErrorCodes.USAGE,
      `@plugboard/cli: CLI name ${JSON.stringify(options.name)} must be lower-case letters, digits and "-".`,
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
