import type { StandardSchemaV1 } from '@standard-schema/spec';
import { WebError, WebErrorCodes } from './errors.js';
import type { WebPlugin } from './types.js';

/** Plugin (entry point) names: what fits in a URL segment and an env var prefix. */
export const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;

const HOOKS = [
  'routes',
  'health',
  'load',
  'validate',
  'initialize',
  'enable',
  'disable',
  'shutdown',
  'unload',
  'error',
];

/** What is wrong with a value that should be a web plugin, or undefined when it fits (core's guard). */
export function checkWebPlugin(value: unknown): string | undefined {
  if (!value || typeof value !== 'object')
    return 'the export must be a plugin object made with defineWebPlugin()';
  const p = value as Record<string, unknown>;
  if (typeof p.name !== 'string' || !PLUGIN_NAME.test(p.name))
    return `its name ${JSON.stringify(p.name)} must be lower-case letters, digits and "-"`;
  for (const hook of HOOKS) {
    if (p[hook] !== undefined && typeof p[hook] !== 'function') return `"${hook}" must be a function`;
  }
  for (const key of ['events', 'tasks'] as const) {
    const v = p[key];
    if (v !== undefined && (typeof v !== 'object' || v === null)) return `"${key}" must be an object`;
  }
  const storage = p.storage as { migrations?: unknown } | undefined;
  if (storage !== undefined && (typeof storage?.migrations !== 'object' || storage.migrations === null))
    return '"storage.migrations" must be an object of name → { up(db) }';
  return undefined;
}

/**
 * Declare a web plugin. `ctx.config` is typed by `configSchema`'s output (or the
 * type argument); the shape is checked now, so mistakes show at import time.
 */
export function defineWebPlugin<C extends object>(
  plugin: WebPlugin<C> & { configSchema: StandardSchemaV1<unknown, C> },
): WebPlugin<C>;
export function defineWebPlugin<C extends object = Record<string, unknown>>(
  plugin: WebPlugin<C> & { configSchema?: undefined },
): WebPlugin<C>;
/** Any already-typed plugin object (e.g. one built by spreading another). */
export function defineWebPlugin<C extends object>(plugin: WebPlugin<C>): WebPlugin<C>;
export function defineWebPlugin<C extends object>(plugin: WebPlugin<C>): WebPlugin<C> {
  const problem = checkWebPlugin(plugin);
  if (problem) {
    const name = typeof plugin?.name === 'string' ? ` "${plugin.name}"` : '';
    throw new WebError(WebErrorCodes.PLUGIN_INVALID, `plugin${name} is not valid: ${problem}.`, {
      ...(name ? { plugin: plugin.name } : {}),
    });
  }
  return plugin;
}
