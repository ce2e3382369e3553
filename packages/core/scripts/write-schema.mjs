// Writes schema/plugboard.schema.json from the zod manifest schema, so a
// package.json's "plugboard" field gets editor completion.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { manifestSchema } from '../dist/manifest/schema.js';

// The schema is built with zod's CommonJS build (see src/manifest/schema.ts); its
// descriptions live in that copy's registry, so convert with the same copy.
const { z } = createRequire(import.meta.url)('zod');
const fieldSchema = z.toJSONSchema(manifestSchema(), { target: 'draft-7', io: 'input' });
const packageJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://unpkg.com/@plugboard/core/schema/plugboard.schema.json',
  title: 'package.json with a Plugboard plugin manifest',
  type: 'object',
  properties: { plugboard: { ...fieldSchema, $schema: undefined } },
};
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../schema/plugboard.schema.json', import.meta.url),
  `${JSON.stringify(packageJsonSchema, null, 2)}\n`,
);
