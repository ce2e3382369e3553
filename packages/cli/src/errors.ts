/** Exit codes of every @plugboard/cli host. */
export const ExitCodes = {
  OK: 0,
  /** The command ran and failed, or a plugin could not load. */
  FAILURE: 1,
  /** Bad usage: unknown command or flag, missing argument, a prompt needed without a TTY. */
  USAGE: 2,
} as const;

/** Stable codes of CliError; match on these, never on message text. */
export const CliErrorCodes = {
  USAGE: 'PB_CLI_USAGE',
  PLUGIN_INVALID: 'PB_CLI_PLUGIN_INVALID',
  PLUGIN_LOAD_FAILED: 'PB_CLI_PLUGIN_LOAD_FAILED',
  META_INVALID: 'PB_CLI_META_INVALID',
  CONFIG_CORRUPT: 'PB_CLI_CONFIG_CORRUPT',
  CONFIG_INVALID: 'PB_CLI_CONFIG_INVALID',
  PROMPT_UNAVAILABLE: 'PB_CLI_PROMPT_UNAVAILABLE',
  NOT_A_PLUGIN: 'PB_CLI_NOT_A_PLUGIN',
  INCOMPATIBLE: 'PB_CLI_INCOMPATIBLE',
  INSTALL_FAILED: 'PB_CLI_INSTALL_FAILED',
  NOT_INSTALLED: 'PB_CLI_NOT_INSTALLED',
  LINK_INVALID: 'PB_CLI_LINK_INVALID',
  COMMAND_FAILED: 'PB_CLI_COMMAND_FAILED',
} as const;

export type CliErrorCode = (typeof CliErrorCodes)[keyof typeof CliErrorCodes];

export interface CliErrorOptions {
  /** Process exit code for this error. Default 1 (2 for PB_CLI_USAGE). */
  exitCode?: number;
  package?: string;
  plugin?: string;
  path?: string;
  cause?: unknown;
}

/** The one error class of @plugboard/cli; `message` starts with the CLI's name and says what to do. */
export class CliError extends Error {
  override name = 'CliError';
  readonly code: string;
  readonly exitCode: number;
  readonly package: string | undefined;
  readonly plugin: string | undefined;
  readonly path: string | undefined;

  constructor(code: string, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? (code === CliErrorCodes.USAGE ? ExitCodes.USAGE : ExitCodes.FAILURE);
    this.package = options.package;
    this.plugin = options.plugin;
    this.path = options.path;
  }
}

export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}
