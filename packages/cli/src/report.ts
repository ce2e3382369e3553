import { CommanderError } from './commander.js';
import { CliError, CliErrorCodes, ExitCodes, isCliError } from './errors.js';
import type { SharedFlags } from './types.js';

/** Exit code for a commander error: help/version are 0, every parse error is usage (2). */
function commanderExit(error: CommanderError): number {
  if (error.exitCode === 0) return ExitCodes.OK;
  if (error.code === 'commander.error') return error.exitCode;
  return ExitCodes.USAGE;
}

/** An error's first line without its final full stop, so the sentence around it ends once. */
const text = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\.$/, '');

/** Who owns the command that was running, for the message of an error it threw. */
export interface Owner {
  group: string;
  package: string;
  version: string;
  origin: string;
}

/**
 * Print an error the way every host does (one line, or one JSON line with --json;
 * the stack only with --verbose) and return its exit code.
 */
export function reportError(
  error: unknown,
  o: { cliName: string; flags: SharedFlags; stderr: NodeJS.WritableStream; owner?: Owner | undefined },
): number {
  if (error instanceof CommanderError) {
    const exit = commanderExit(error);
    // commander already printed its message; --json adds a parsable line
    if (o.flags.json && exit !== ExitCodes.OK) {
      const code = exit === ExitCodes.USAGE ? CliErrorCodes.USAGE : CliErrorCodes.COMMAND_FAILED;
      o.stderr.write(`${JSON.stringify({ error: { code, reason: error.code, message: error.message } })}\n`);
    }
    return exit;
  }
  const hint = o.flags.verbose ? '' : ' Rerun with --verbose for the stack.';
  const owner = o.owner;
  const cli = isCliError(error)
    ? error
    : new CliError(
        CliErrorCodes.COMMAND_FAILED,
        owner
          ? `the "${owner.group}" command from ${owner.package}@${owner.version} (${owner.origin}) failed: ${text(error)}.${hint} If it keeps failing, report it to the plugin's authors.`
          : `${text(error)}.${hint}`,
        {
          cli: o.cliName,
          cause: error,
          ...(owner ? { plugin: owner.group, package: owner.package } : {}),
        },
      );
  o.stderr.write(
    o.flags.json
      ? `${JSON.stringify({ error: { code: cli.code, message: cli.message, ...(cli.details ? { details: cli.details } : {}) } })}\n`
      : `${cli.message}\n`,
  );
  const detail = isCliError(error) ? error.cause : error;
  if (o.flags.verbose && detail instanceof Error) o.stderr.write(`${detail.stack ?? detail.message}\n`);
  return cli.exitCode;
}
