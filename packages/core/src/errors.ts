/**
 * Stable error codes. Hosts and tools match on these, never on message text.
 */
export const ErrorCodes = {
  PACKAGE_JSON_INVALID: 'PB_PACKAGE_JSON_INVALID',
  MANIFEST_INVALID: 'PB_MANIFEST_INVALID',
  FS_UNREADABLE: 'PB_FS_UNREADABLE',
  FS_LOOP: 'PB_FS_LOOP',
  PATH_MISSING: 'PB_PATH_MISSING',
  DUPLICATE: 'PB_DUPLICATE',
  ENTRY_MISSING: 'PB_ENTRY_MISSING',
  EXPORT_MISSING: 'PB_EXPORT_MISSING',
  LOAD_FAILED: 'PB_LOAD_FAILED',
  SHAPE_INVALID: 'PB_SHAPE_INVALID',
  INCOMPATIBLE: 'PB_INCOMPATIBLE',
  REQUIRE_MISSING: 'PB_REQUIRE_MISSING',
  REQUIRE_INCOMPATIBLE: 'PB_REQUIRE_INCOMPATIBLE',
  REQUIRE_CYCLE: 'PB_REQUIRE_CYCLE',
  DEPENDENCY_FAILED: 'PB_DEPENDENCY_FAILED',
  HOOK_TIMEOUT: 'PB_HOOK_TIMEOUT',
  HOOK_FAILED: 'PB_HOOK_FAILED',
  INVALID_STATE: 'PB_INVALID_STATE',
  PERMISSION_DENIED: 'PB_PERMISSION_DENIED',
  ENTRY_NAME_INVALID: 'PB_ENTRY_NAME_INVALID',
  META_INVALID: 'PB_META_INVALID',
  PLUGIN_NOT_FOUND: 'PB_PLUGIN_NOT_FOUND',
  HOST_INVALID: 'PB_HOST_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface PlugboardErrorOptions {
  /** The npm package the error concerns. */
  package?: string;
  /** The plugin (entry point name) the error concerns. */
  plugin?: string;
  /** The file or directory the error concerns. */
  path?: string;
  /** Structured facts (ranges, versions, the dependency that failed) so callers never parse `message`. */
  details?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error class of @plugboard/core. `code` is stable; `message` says
 * what happened and what to do about it.
 */
export class PlugboardError extends Error {
  override name = 'PlugboardError';
  readonly code: string;
  readonly package: string | undefined;
  readonly plugin: string | undefined;
  readonly path: string | undefined;
  readonly details: Record<string, string> | undefined;
  /**
   * Start of every message of this class (`@plugboard/config`, a CLI's name…), added
   * here once; subclasses set it, or pass `prefix` for a per-instance one.
   */
  static prefix: string | undefined;

  constructor(code: string, message: string, options: PlugboardErrorOptions & { prefix?: string } = {}) {
    const prefix = options.prefix ?? (new.target as typeof PlugboardError).prefix;
    const text = prefix && !message.startsWith(`${prefix}:`) ? `${prefix}: ${message}` : message;
    super(text, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.package = options.package;
    this.plugin = options.plugin;
    this.path = options.path;
    this.details = options.details;
  }

  /** Plain data for logs and `--json` output (the cause reduced to its message). */
  toJSON(): Problem {
    return toProblem(this);
  }
}

/** A problem found while discovering or running plugins; never thrown by `discover()`. */
export interface Problem {
  code: string;
  message: string;
  /** `warning` for problems that do not stop a plugin from working (e.g. a linked copy overriding an installed one). Default `error`. */
  severity?: 'error' | 'warning';
  package?: string;
  plugin?: string;
  path?: string;
  /** Structured facts of this problem (see `PlugboardErrorOptions.details`). */
  details?: Record<string, string>;
  cause?: unknown;
}

export function toProblem(error: PlugboardError): Problem {
  const problem: Problem = { code: error.code, message: error.message };
  if (error.package !== undefined) problem.package = error.package;
  if (error.plugin !== undefined) problem.plugin = error.plugin;
  if (error.path !== undefined) problem.path = error.path;
  if (error.details !== undefined) problem.details = error.details;
  if (error.cause !== undefined) problem.cause = error.cause;
  return problem;
}

export function isPlugboardError(value: unknown): value is PlugboardError {
  return value instanceof PlugboardError;
}

/** Best-effort one-line description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
