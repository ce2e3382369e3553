import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ConfigError, ConfigErrorCodes, type ConfigIssue, formatLocation } from './errors.js';
import type { Origins } from './parse/origins.js';
import type { KeyPath } from './path.js';
import type { Secrets } from './secrets.js';

function segment(seg: PropertyKey | StandardSchemaV1.PathSegment): string | number {
  const key = typeof seg === 'object' ? seg.key : seg;
  return typeof key === 'number' ? key : String(key);
}

/**
 * Validate the resolved config with any Standard Schema validator. Every
 * issue names its key, file and line; secret values are scrubbed from the
 * validator's messages.
 */
export async function validateConfig<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  origins: Origins,
  secrets: Secrets,
): Promise<StandardSchemaV1.InferOutput<S>> {
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return result.value as StandardSchemaV1.InferOutput<S>;
  const issues: ConfigIssue[] = result.issues.map((issue) => {
    const path: KeyPath = (issue.path ?? []).map(segment);
    return { ...origins.locate(path), message: secrets.scrub(issue.message) };
  });
  const lines = issues.map((i) => {
    const place = formatLocation(i);
    return `  - ${i.key || '(root)'}${place ? ` (${place})` : ''}: ${i.message}`;
  });
  const first = issues[0];
  throw new ConfigError(
    ConfigErrorCodes.SCHEMA,
    `the config does not match its schema (${issues.length} problem${issues.length === 1 ? '' : 's'}); fix these keys:\n${lines.join('\n')}`,
    { ...(first ?? {}), issues },
  );
}
