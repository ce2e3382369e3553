import type { z } from 'zod';
import { ErrorCodes, PlugboardError } from '../errors.js';
import { ENTRY_VALUE, NAME } from './rules.js';
import { manifestSchema, type PluginManifest } from './schema.js';

export interface ManifestIssue {
  /** Dotted path inside package.json, e.g. `plugboard.entryPoints.config.SEALED`. */
  field: string;
  message: string;
}

export interface ManifestValidation {
  value: PluginManifest | undefined;
  errors: ManifestIssue[];
}

function fieldPath(path: readonly PropertyKey[]): string {
  return ['plugboard', ...path.map(String)].join('.');
}

function issues(error: z.ZodError): ManifestIssue[] {
  return error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
}

type Plain = Record<string, unknown>;

/** A plain object (what JSON.parse makes), not an array, a class instance or null. */
function isPlain(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A plain object whose keys are names and whose values are strings `value`
 * accepts. A "__proto__" key (JSON.parse makes it an own key) is left to zod,
 * which drops it.
 */
function isNamedStrings(record: unknown, value: RegExp | undefined): boolean {
  if (!isPlain(record)) return false;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (key === '__proto__' || !NAME.test(key) || typeof item !== 'string' || item === '') return false;
    if (value && !value.test(item)) return false;
  }
  return true;
}

/**
 * Whether `raw` passes the schema, decided without zod for the manifests that
 * plainly do: a discovery that finds only valid plugins never loads zod (about
 * 40 ms). It only ever says yes to what the schema accepts (a test checks that
 * on generated manifests); anything else goes to zod, which gives the messages.
 */
export function isPlainlyValid(raw: unknown): raw is PluginManifest {
  if (!isPlain(raw)) return false;
  const { entryPoints, requires, permissions, displayName, description } = raw;
  if (!isPlain(entryPoints)) return false;
  for (const group of Object.keys(entryPoints)) {
    if (group === '' || group === '__proto__' || !isNamedStrings(entryPoints[group], ENTRY_VALUE))
      return false;
  }
  if (requires !== undefined && !isNamedStrings(requires, undefined)) return false;
  if (permissions !== undefined) {
    if (!Array.isArray(permissions)) return false;
    for (const permission of permissions)
      if (typeof permission !== 'string' || permission === '') return false;
  }
  if (displayName !== undefined && typeof displayName !== 'string') return false;
  return description === undefined || typeof description === 'string';
}

/**
 * Validate a raw `plugboard` field; returns errors instead of throwing. The
 * value of a valid manifest may be `raw` itself (nothing is transformed).
 */
export function validateManifest(raw: unknown): ManifestValidation {
  if (isPlainlyValid(raw)) return { value: raw, errors: [] };
  const parsed = manifestSchema().safeParse(raw);
  if (parsed.success) return { value: parsed.data, errors: [] };
  return { value: undefined, errors: issues(parsed.error) };
}

/** Validate and throw a PB_MANIFEST_INVALID error naming the package and every bad field. */
export function parseManifest(raw: unknown, packageName: string, path?: string): PluginManifest {
  const { value, errors } = validateManifest(raw);
  if (value) return value;
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw new PlugboardError(
    ErrorCodes.MANIFEST_INVALID,
    `Package "${packageName}" has an invalid "plugboard" field (${detail}). Fix its package.json; the JSON Schema at @plugboard/core/schema.json gives editor completion.`,
    { package: packageName, ...(path ? { path } : {}) },
  );
}
