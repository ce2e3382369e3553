import { PlugboardError } from '@plugboard/core';

/**
 * Stable codes of the `plugboard` developer CLI (area `TOOL`, one scheme with
 * every package: `PB_<AREA>_<WHAT>`); scripts match on these, never on messages.
 */
export const PlugboardToolCodes = {
  NAME_INVALID: 'PB_TOOL_NAME_INVALID',
  HOST_INVALID: 'PB_TOOL_HOST_INVALID',
  HOST_NOT_FOUND: 'PB_TOOL_HOST_NOT_FOUND',
  /** `@plugboard/<group>/host` exists but does not export a host made with defineHost(). */
  HOST_MODULE_INVALID: 'PB_TOOL_HOST_MODULE_INVALID',
  TEMPLATE_MISSING: 'PB_TOOL_TEMPLATE_MISSING',
  TEMPLATE_INVALID: 'PB_TOOL_TEMPLATE_INVALID',
  TARGET_EXISTS: 'PB_TOOL_TARGET_EXISTS',
  /** Writing the scaffold failed: the folder is read-only (EACCES/EROFS) or the disk is full (ENOSPC). */
  TARGET_UNWRITABLE: 'PB_TOOL_TARGET_UNWRITABLE',
  CWD_INVALID: 'PB_TOOL_CWD_INVALID',
  INDEX_UNWRITABLE: 'PB_TOOL_INDEX_UNWRITABLE',
  PROBLEMS_FOUND: 'PB_TOOL_PROBLEMS_FOUND',
  /** A key inside a package's `plugboard` field that no host reads (a typo, usually). */
  MANIFEST_KEY_UNKNOWN: 'PB_TOOL_MANIFEST_KEY_UNKNOWN',
  /** A top-level package.json field that looks like a misspelt `plugboard`. */
  MANIFEST_FIELD_MISSPELT: 'PB_TOOL_MANIFEST_FIELD_MISSPELT',
} as const;

export type PlugboardToolCode = (typeof PlugboardToolCodes)[keyof typeof PlugboardToolCodes];

export interface PlugboardToolErrorOptions {
  /** Process exit code the CLI uses for this error: 1 failure (default), 2 usage. */
  exitCode?: 1 | 2;
  path?: string;
  details?: Record<string, string>;
  cause?: unknown;
}

/** The one error class of the `plugboard` tool. Messages start with "plugboard" and say what to do. */
export class PlugboardToolError extends PlugboardError {
  static override prefix = 'plugboard';
  override name = 'PlugboardToolError';
  declare readonly code: PlugboardToolCode;
  readonly exitCode: 1 | 2;

  constructor(code: PlugboardToolCode, message: string, options: PlugboardToolErrorOptions = {}) {
    super(code, message, {
      ...(options.path ? { path: options.path } : {}),
      ...(options.details ? { details: options.details } : {}),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.exitCode = options.exitCode ?? 1;
  }
}
