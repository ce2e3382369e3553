import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ConfigError, ConfigErrorCodes } from './errors.js';
import type { ResolverDefinition } from './types.js';

const PREFIX = /^[A-Z][A-Z0-9_]*$/;

/**
 * Define a resolver plugin. The prefix is checked now, so a typo fails where
 * it is written rather than when a config first uses it.
 *
 * ```ts
 * export default defineResolver({ prefix: 'VAULT', secret: true, resolve: (path, ctx) => read(path) });
 * ```
 */
export function defineResolver<P = Record<string, string>, S = undefined>(
  definition: ResolverDefinition<P, S>,
): ResolverDefinition<P, S> {
  const problem = checkResolver(definition);
  if (problem) throw new ConfigError(ConfigErrorCodes.RESOLVER_INVALID, `defineResolver(): ${problem}.`);
  return Object.freeze({ ...definition });
}

/** Describes what is wrong with a would-be resolver, or returns undefined. */
export function checkResolver(value: unknown, expectedPrefix?: string): string | undefined {
  if (!value || typeof value !== 'object') return 'a resolver must be an object made with defineResolver()';
  const r = value as Partial<ResolverDefinition<unknown, unknown>>;
  if (typeof r.prefix !== 'string' || !PREFIX.test(r.prefix)) {
    return `prefix ${JSON.stringify(r.prefix)} must be upper case letters, digits and _ (e.g. "VAULT")`;
  }
  if (typeof r.resolve !== 'function') return `resolver ${r.prefix} has no resolve(value, ctx) function`;
  if (r.setup !== undefined && typeof r.setup !== 'function')
    return `resolver ${r.prefix}: setup must be a function`;
  if (r.params !== undefined && !isStandardSchema(r.params)) {
    return `resolver ${r.prefix}: params must be a Standard Schema (zod, valibot, arktype...)`;
  }
  if (expectedPrefix !== undefined && r.prefix !== expectedPrefix) {
    return `its prefix is "${r.prefix}" but the entry point is named "${expectedPrefix}"; they must match`;
  }
  return undefined;
}

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    !!value &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as StandardSchemaV1)['~standard']?.validate === 'function'
  );
}
