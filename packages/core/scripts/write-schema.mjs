// Writes schema/plugboard.schema.json from the zod manifest schema, so a
// package.json's "plugboard" field gets editor completion.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { manifestSchema } from '../dist/manifest/schema.js';

const fieldSchema = z.toJSONSchema(manifestSchema, { target: 'draft-7', io: 'input' });
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
