import { applyOverrides, envName, envOverrides } from '@plugboard/core';
import { createDefu } from 'defu';

/**
 * Deep merge where the override wins and lists replace lists (defu alone would
 * concatenate them; a user's `exclude: [a]` must not keep the default's items).
 */
export const mergeConfig = createDefu((target, key, value) => {
  if (Array.isArray(value)) {
    (target as Record<PropertyKey, unknown>)[key] = value;
    return true;
  }
  return false;
});

/** `PROVISION_HELLO` for `provision`, `hello`: the prefix of a plugin's env vars. */
export const envPrefix = (cliName: string, group: string): string => `${envName(cliName)}_${envName(group)}`;

/**
 * Overrides from `<CLI>_<GROUP>__<KEY>[__<SUBKEY>…]` env vars, converted by core's
 * one rule (coerceText against the value they replace), as a tree to merge.
 */
export function envTree(
  env: NodeJS.ProcessEnv,
  cliName: string,
  group: string,
  like: unknown,
): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  applyOverrides(tree, envOverrides({ env, prefix: envPrefix(cliName, group), like }));
  return tree;
}
