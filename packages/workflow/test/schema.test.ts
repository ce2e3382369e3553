import { readFileSync } from 'node:fs';
import { Ajv2020 as Ajv } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workflowJsonSchema } from '../src/index.js';

const file = new URL('../schema/workflow.schema.json', import.meta.url);

describe('the published JSON Schema', () => {
  it('is the one generated from the workflow schema (regenerate it when this fails)', () => {
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(workflowJsonSchema());
  });

  it('accepts the example workflow and rejects an unknown stage key', () => {
    const validate = new Ajv({ strict: false }).compile(workflowJsonSchema());
    const example = parse(
      readFileSync(
        new URL('../../../examples/workflow-textstats/workflows/textstats.yaml', import.meta.url),
        'utf8',
      ),
    );
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ name: 'x', stages: [{ name: 'a', target: 'b', colour: 'red' }] })).toBe(false);
  });
});
