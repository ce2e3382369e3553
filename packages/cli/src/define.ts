import type { StandardSchemaV1 } from '@standard-schema/spec';
import { CliError, CliErrorCodes } from './errors.js';
import { GROUP_NAME, GROUP_NAME_HINT } from './fast-help/groups.js';
import type { CliPlugin } from './types.js';

/**
 * Declare a CLI plugin with full typing of its configuration: `ctx.config` in
 * `commands()` has the type of `defaults` (or of `configSchema`'s output).
 * Checks the name at definition time, by the host's one entry-name rule.
 */
export function defineCliPlugin<Config extends object>(
  plugin: Omit<CliPlugin<Config>, 'defaults' | 'configSchema'> & {
    configSchema: StandardSchemaV1<unknown, Config>;
    defaults: NoInfer<Config>;
  },
): CliPlugin<Config>;
export function defineCliPlugin<Config extends object>(
  plugin: CliPlugin<Config> & { configSchema?: undefined },
): CliPlugin<Config>;
export function defineCliPlugin<Config extends object>(plugin: CliPlugin<Config>): CliPlugin<Config> {
  if (typeof plugin?.name !== 'string' || !GROUP_NAME.test(plugin.name)) {
    throw new CliError(
      CliErrorCodes.PLUGIN_INVALID,
      `plugin name ${JSON.stringify(plugin?.name)} is not a valid command group name; use ${GROUP_NAME_HINT}.`,
    );
  }
  if (typeof plugin.commands !== 'function') {
    throw new CliError(
      CliErrorCodes.PLUGIN_INVALID,
      `plugin "${plugin.name}" has no commands(group, ctx) function; add one that registers its commands.`,
      { plugin: plugin.name },
    );
  }
  return plugin;
}

/** Shape check for a loaded entry point (the host's guard): a description of what is wrong, or undefined. */
export function checkPluginShape(value: unknown): string | undefined {
  if (!value || typeof value !== 'object')
    return 'the default export must be a plugin object made with defineCliPlugin()';
  const p = value as Partial<CliPlugin>;
  if (typeof p.name !== 'string') return 'it has no "name"';
  if (typeof p.commands !== 'function') return 'it has no commands(group, ctx) function';
  if (
    p.defaults !== undefined &&
    (typeof p.defaults !== 'object' || p.defaults === null || Array.isArray(p.defaults))
  )
    return '"defaults" must be an object';
  return undefined;
}
