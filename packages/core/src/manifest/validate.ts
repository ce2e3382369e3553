import type { z } from 'zod';
import { ErrorCodes, PlugboardError } from '../errors.js';
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

/** Validate a raw `plugboard` field; returns errors instead of throwing. */
export function validateManifest(raw: unknown): ManifestValidation {
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
