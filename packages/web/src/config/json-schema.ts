import type { StandardSchemaV1 } from '@standard-schema/spec';
import { Ajv, type ErrorObject } from 'ajv';

// One Ajv for the host; compiled validators are cached by schema object.
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });

function pathOf(e: ErrorObject): PropertyKey[] {
  const parts = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') parts.push((e.params as { missingProperty: string }).missingProperty);
  return parts;
}

/**
 * The manifest's configuration rules as one Standard Schema: its JSON Schema,
 * its `required` keys (dot paths), then the plugin's own typed schema.
 */
export function pluginConfigSchema(
  jsonSchema: Record<string, unknown> | undefined,
  required: readonly string[],
  typed: StandardSchemaV1 | undefined,
): StandardSchemaV1<unknown, unknown> {
  const check = jsonSchema ? ajv.compile(jsonSchema) : undefined;
  return {
    '~standard': {
      version: 1,
      vendor: '@plugboard/web',
      async validate(value) {
        const issues: StandardSchemaV1.Issue[] = [];
        for (const key of required) {
          let node: unknown = value;
          for (const seg of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[seg];
          if (node === undefined || node === null || node === '')
            issues.push({
              message: 'is required (set it in the config file or its env var)',
              path: key.split('.'),
            });
        }
        if (check && !check(value)) {
          for (const e of check.errors ?? [])
            issues.push({ message: e.message ?? e.keyword, path: pathOf(e) });
        }
        if (issues.length > 0) return { issues };
        return typed ? typed['~standard'].validate(value) : { value };
      },
    },
  };
}
