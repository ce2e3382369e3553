import { didYouMean } from '@plugboard/core';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `list`, `mapping`, `number`… as a user reads a YAML value. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isRecord(value)) return 'mapping';
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : typeof value;
}

export interface TypeIssue {
  /** Dotted key under the plugin, e.g. `exclude` or `limits.depth`. */
  key: string;
  expected: string;
  found: string;
}

export interface UnknownKey {
  key: string;
  suggestion?: string | undefined;
}

/**
 * Check a merged config against the types of the defaults (for plugins without a
 * configSchema): each value must have its default's kind; keys the defaults do
 * not have are reported with the closest known key. A default of `null` takes anything.
 */
export function checkAgainstDefaults(
  defaults: unknown,
  value: unknown,
  at = '',
): { issues: TypeIssue[]; unknown: UnknownKey[] } {
  const issues: TypeIssue[] = [];
  const unknown: UnknownKey[] = [];
  if (!isRecord(defaults) || !isRecord(value)) return { issues, unknown };
  for (const [key, v] of Object.entries(value)) {
    const path = at ? `${at}.${key}` : key;
    if (!(key in defaults)) {
      unknown.push({ key: path, suggestion: didYouMean(key, Object.keys(defaults)) });
      continue;
    }
    const d = defaults[key];
    if (d === null || d === undefined) continue;
    if (kindOf(d) !== kindOf(v)) issues.push({ key: path, expected: kindOf(d), found: kindOf(v) });
    else if (isRecord(d)) {
      const inner = checkAgainstDefaults(d, v, path);
      issues.push(...inner.issues);
      unknown.push(...inner.unknown);
    }
  }
  return { issues, unknown };
}
