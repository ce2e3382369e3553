import { PlugboardError } from '@plugboard/core';

/** Stable codes of @plugboard/config errors; match on these, never on message text. */
export const ConfigErrorCodes = {
  FILE_MISSING: 'PB_CONFIG_FILE_MISSING',
  FORMAT_UNKNOWN: 'PB_CONFIG_FORMAT_UNKNOWN',
  PARSE: 'PB_CONFIG_PARSE',
  UNKNOWN_PREFIX: 'PB_CONFIG_UNKNOWN_PREFIX',
  PREFIX_CONFLICT: 'PB_CONFIG_PREFIX_CONFLICT',
  RESOLVER_INVALID: 'PB_CONFIG_RESOLVER_INVALID',
  RESOLVER_FAILED: 'PB_CONFIG_RESOLVER_FAILED',
  RESOLVER_TIMEOUT: 'PB_CONFIG_RESOLVER_TIMEOUT',
  REFERENCE_NOT_FOUND: 'PB_CONFIG_REFERENCE_NOT_FOUND',
  PARAMS_INVALID: 'PB_CONFIG_PARAMS_INVALID',
  INTERPOLATION_CYCLE: 'PB_CONFIG_INTERPOLATION_CYCLE',
  INTERPOLATION_MISSING: 'PB_CONFIG_INTERPOLATION_MISSING',
  SCHEMA: 'PB_CONFIG_SCHEMA',
  SEALED_KEY_MISSING: 'PB_CONFIG_SEALED_KEY_MISSING',
  SEALED_DECRYPT: 'PB_CONFIG_SEALED_DECRYPT',
  CLOSED: 'PB_CONFIG_CLOSED',
  /** An installed resolver plugin the host cannot use (incompatible, bad metadata…); `details.reason` holds core's code. */
  RESOLVER_UNUSABLE: 'PB_CONFIG_RESOLVER_UNUSABLE',
  /** A resolver's `setup()` threw or did not finish within `setupTimeoutMs`. */
  SETUP_FAILED: 'PB_CONFIG_SETUP_FAILED',
  /** The config watcher stopped (its folder went away, too many watches…); `reload()` still works. */
  WATCH_FAILED: 'PB_CONFIG_WATCH_FAILED',
  /** A config file or folder cannot be read for lack of rights (EACCES/EPERM). */
  FS_DENIED: 'PB_CONFIG_FS_DENIED',
} as const;

export type ConfigErrorCode = (typeof ConfigErrorCodes)[keyof typeof ConfigErrorCodes];

/** Where in the configuration an error points. */
export interface ConfigLocation {
  /** Key path, e.g. `db.password` or `users[0].name`. */
  key?: string | undefined;
  file?: string | undefined;
  /** 1-based. */
  line?: number | undefined;
  /** 1-based. */
  column?: number | undefined;
}

/** One failed check of a schema validation. */
export interface ConfigIssue extends ConfigLocation {
  message: string;
}

export interface ConfigErrorOptions extends ConfigLocation {
  /** The resolver prefix involved. */
  prefix?: string;
  /** The package that provided the resolver. */
  package?: string;
  issues?: ConfigIssue[];
  /** Structured facts (e.g. `reason` for RESOLVER_UNUSABLE) so callers never parse the message. */
  details?: Record<string, string>;
  cause?: unknown;
}

/** `file:line:col` (or as much of it as is known), for messages. */
export function formatLocation(loc: ConfigLocation): string {
  if (!loc.file) return '';
  return `${loc.file}${loc.line ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : ''}`;
}

/**
 * The error class of @plugboard/config. Messages start with "@plugboard/config",
 * name the key and the file:line, say what to do, and never contain secret values.
 */
export class ConfigError extends PlugboardError {
  static override prefix = '@plugboard/config';
  override name = 'ConfigError';
  readonly key: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly prefix: string | undefined;
  readonly issues: ConfigIssue[];

  constructor(code: ConfigErrorCode, message: string, options: ConfigErrorOptions = {}) {
    super(code, message, {
      ...(options.package ? { package: options.package } : {}),
      ...(options.details ? { details: options.details } : {}),
      ...(options.prefix ? { plugin: options.prefix } : {}),
      ...(options.file ? { path: options.file } : {}),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.key = options.key;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.prefix = options.prefix;
    this.issues = options.issues ?? [];
  }
}

export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof ConfigError;
}

/** " at key `db.port` (config.yaml:3:7)", or as much of it as is known. */
export function where(loc: ConfigLocation): string {
  const place = formatLocation(loc);
  const key = loc.key ? ` at key \`${loc.key}\`` : '';
  return `${key}${place ? ` (${place})` : ''}`;
}
