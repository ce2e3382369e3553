import type { StandardSchemaV1 } from '@standard-schema/spec';

/** `plugboard.web.ui.menu` style path of a Standard Schema issue. */
function issuePath(base: string, issue: StandardSchemaV1.Issue): string {
  const parts = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p));
  return [base, ...parts].join('.');
}

/**
 * Validate host metadata synchronously. Returns the value or one line per
 * issue ("plugboard.web.category: expected string"), for a message that names
 * every bad field at once.
 */
export function validateMeta<M>(
  schema: StandardSchemaV1<unknown, M>,
  raw: unknown,
  base: string,
): { value: M; issues?: undefined } | { value?: undefined; issues: string[] } {
  const result = schema['~standard'].validate(raw);
  if (result instanceof Promise) {
    return {
      issues: [`${base}: the host's metadata schema is asynchronous; hosts must give a synchronous schema`],
    };
  }
  if (result.issues) return { issues: result.issues.map((i) => `${issuePath(base, i)}: ${i.message}`) };
  return { value: result.value };
}
