import { PlugboardError, type PlugboardErrorOptions } from '@plugboard/core';

/** Exit codes of every @plugboard/cli host. */
export const ExitCodes = {
  OK: 0,
  /** The command ran and failed, or a plugin could not load. */
  FAILURE: 1,
  /** Bad usage: unknown command or flag, missing argument, a prompt needed without a TTY. */
  USAGE: 2,
} as const;

/**
 * Stable codes of CliError; match on these, never on message text. Discovery
 * problems keep core's codes (PB_ENTRY_NAME_INVALID, PB_META_INVALID, PB_DUPLICATE…).
 */
export const CliErrorCodes = {
  USAGE: 'PB_CLI_USAGE',
  /** defineCliPlugin() or createCli() given a bad name or no commands(). */
  PLUGIN_INVALID: 'PB_CLI_PLUGIN_INVALID',
  PLUGIN_LOAD_FAILED: 'PB_CLI_PLUGIN_LOAD_FAILED',
  /** A group needs another group (plugboard.requires) that is missing, incompatible or failed. */
  REQUIRE_FAILED: 'PB_CLI_REQUIRE_FAILED',
  CONFIG_CORRUPT: 'PB_CLI_CONFIG_CORRUPT',
  CONFIG_INVALID: 'PB_CLI_CONFIG_INVALID',
  PROMPT_UNAVAILABLE: 'PB_CLI_PROMPT_UNAVAILABLE',
  NOT_A_PLUGIN: 'PB_CLI_NOT_A_PLUGIN',
  INCOMPATIBLE: 'PB_CLI_INCOMPATIBLE',
  INSTALL_FAILED: 'PB_CLI_INSTALL_FAILED',
  NOT_INSTALLED: 'PB_CLI_NOT_INSTALLED',
  LINK_INVALID: 'PB_CLI_LINK_INVALID',
  COMMAND_FAILED: 'PB_CLI_COMMAND_FAILED',
  /** Another command holds the lock of a shared file for longer than the bounded wait. */
  BUSY: 'PB_CLI_BUSY',
  /** A folder the CLI must write is read-only, not permitted or full. */
  FS_DENIED: 'PB_CLI_FS_DENIED',
} as const;

export type CliErrorCode = (typeof CliErrorCodes)[keyof typeof CliErrorCodes];

export interface CliErrorOptions extends PlugboardErrorOptions {
  /** Process exit code for this error. Default 1 (2 for PB_CLI_USAGE). */
  exitCode?: number;
  /** The CLI's name, which starts the message (default `@plugboard/cli`). */
  cli?: string;
}

/**
 * The one error class of @plugboard/cli, in core's family: `code` is stable,
 * the message starts with the CLI's name (added here, once) and says what to do.
 */
export class CliError extends PlugboardError {
  override name = 'CliError';
  static override prefix: string | undefined = '@plugboard/cli';
  readonly exitCode: number;

  constructor(code: string, message: string, options: CliErrorOptions = {}) {
    const { exitCode, cli, ...rest } = options;
    super(code, message, { ...rest, ...(cli ? { prefix: cli } : {}) });
    this.exitCode = exitCode ?? (code === CliErrorCodes.USAGE ? ExitCodes.USAGE : ExitCodes.FAILURE);
  }
}

export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}
