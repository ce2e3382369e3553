import { Ajv2020 as Ajv } from 'ajv/dist/2020.js';
import type { LoadedWorkflow } from '../definition/load.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ReturnType<Ajv['compile']>>();

/** Check a run's input against the workflow's `input` JSON Schema (Ajv: the reference validator). */
export function checkInput(workflow: LoadedWorkflow, input: unknown): void {
  const schema = workflow.definition.input;
  if (!schema) return;
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(input)) return;
  const problems = (validate.errors ?? [])
    .map((e) => `${e.instancePath || '(input)'} ${e.message ?? 'is invalid'}`)
    .join('; ');
  throw new WorkflowError(
    WorkflowErrorCodes.INPUT_INVALID,
    `the input does not match workflow "${workflow.definition.name}"'s input schema: ${problems}. Pass an input that does (--input file.json or --input '{…}').`,
    { file: workflow.file },
  );
}
