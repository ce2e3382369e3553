import { ErrorCodes, PlugboardError } from '@plugboard/core';

/** Stable codes of @plugboard/web errors; match on these, never on message text. */
export const WebErrorCodes = {
  PLUGIN_INVALID: 'PB_WEB_PLUGIN_INVALID',
  /** Core's code: a plugin used a capability its manifest does not declare. */
  PERMISSION_DENIED: ErrorCodes.PERMISSION_DENIED,
  CONFIG_INVALID: 'PB_WEB_CONFIG_INVALID',
  SERVICE_MISSING: 'PB_WEB_SERVICE_MISSING',
  SERVICE_CONFLICT: 'PB_WEB_SERVICE_CONFLICT',
  STORAGE_FAILED: 'PB_WEB_STORAGE_FAILED',
  STORAGE_URL: 'PB_WEB_STORAGE_URL',
  TASK_INVALID: 'PB_WEB_TASK_INVALID',
  PLUGIN_UNKNOWN: 'PB_WEB_PLUGIN_UNKNOWN',
  ROUTE_FAILED: 'PB_WEB_ROUTE_FAILED',
  NOT_STARTED: 'PB_WEB_NOT_STARTED',
  ADMIN_TOKEN: 'PB_WEB_ADMIN_TOKEN',
  RELOAD_UNAVAILABLE: 'PB_WEB_RELOAD_UNAVAILABLE',
} as const;

export type WebErrorCode = (typeof WebErrorCodes)[keyof typeof WebErrorCodes];

export interface WebErrorOptions {
  plugin?: string;
  package?: string;
  path?: string;
  cause?: unknown;
}

/**
 * The error class of @plugboard/web. Messages start with "@plugboard/web",
 * name the plugin, say what to do, and never contain secret values.
 */
export class WebError extends PlugboardError {
  override name = 'WebError';

  constructor(code: WebErrorCode, message: string, options: WebErrorOptions = {}) {
    super(code, `@plugboard/web: ${message}`, options);
  }
}

export function isWebError(value: unknown): value is WebError {
  return value instanceof WebError;
}

/** A capability the plugin did not declare in `plugboard.web.permissions`. */
export function permissionDenied(plugin: string, capability: string): WebError {
  return new WebError(
    WebErrorCodes.PERMISSION_DENIED,
    `plugin "${plugin}" used "${capability}" without declaring it; add "${capability}" to "plugboard.web.permissions" in its package.json.`,
    { plugin },
  );
}
