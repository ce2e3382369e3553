/** Stable codes of the `plugboard` developer CLI; scripts match on these, never on messages. */
export const PlugboardToolCodes = {
  NAME_INVALID: 'PLUGBOARD_NAME_INVALID',
  HOST_INVALID: 'PLUGBOARD_HOST_INVALID',
  HOST_NOT_FOUND: 'PLUGBOARD_HOST_NOT_FOUND',
  TEMPLATE_MISSING: 'PLUGBOARD_TEMPLATE_MISSING',
  TEMPLATE_INVALID: 'PLUGBOARD_TEMPLATE_INVALID',
  TARGET_EXISTS: 'PLUGBOARD_TARGET_EXISTS',
  CWD_INVALID: 'PLUGBOARD_CWD_INVALID',
  INDEX_UNWRITABLE: 'PLUGBOARD_INDEX_UNWRITABLE',
  PROBLEMS_FOUND: 'PLUGBOARD_PROBLEMS_FOUND',
} as const;

export type PlugboardToolCode = (typeof PlugboardToolCodes)[keyof typeof PlugboardToolCodes];

export interface PlugboardToolErrorOptions {
  /** Process exit code the CLI uses for this error: 1 failure (default), 2 usage. */
  exitCode?: 1 | 2;
  path?: string;
  cause?: unknown;
}

/** The one error class of the `plugboard` tool. Messages start with "plugboard" and say what to do. */
export class PlugboardToolError extends Error {
  override name = 'PlugboardToolError';
  readonly code: PlugboardToolCode;
  readonly exitCode: 1 | 2;
  readonly path: string | undefined;

  constructor(code: PlugboardToolCode, message: string, options: PlugboardToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
    this.path = options.path;
  }

  toJSON(): { code: string; message: string; path?: string } {
    return { code: this.code, message: this.message, ...(this.path ? { path: this.path } : {}) };
  }
}
