import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import { parseWorkflowText } from './parse.js';
import type { WorkflowDefinition } from './schema.js';
import { type ValidateWorkflowOptions, validateParsed, type WorkflowValidation } from './validate.js';

/** A workflow file read, parsed and validated. */
export interface LoadedWorkflow {
  /** Absolute path of the file. */
  file: string;
  /** Its folder: relative module targets resolve from here. */
  dir: string;
  definition: WorkflowDefinition;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new WorkflowError(
      WorkflowErrorCodes.FILE_MISSING,
      `cannot read the workflow file (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path.`,
      { file, cause: error },
    );
  }
}

/** Every problem of a workflow file, each naming the file, the stage and the line. */
export function validateWorkflowFile(
  path: string,
  options: ValidateWorkflowOptions = {},
): WorkflowValidation {
  const file = resolve(path);
  try {
    return validateParsed(parseWorkflowText(read(file), file), options);
  } catch (error) {
    if (error instanceof WorkflowError) return { workflow: undefined, errors: [error] };
    throw error;
  }
}

/** Read and validate a workflow file; throws its first problem. */
export function loadWorkflowFile(path: string, options: ValidateWorkflowOptions = {}): LoadedWorkflow {
  const file = resolve(path);
  const { workflow, errors } = validateWorkflowFile(file, options);
  if (errors[0]) throw errors[0];
  return { file, dir: dirname(file), definition: workflow as WorkflowDefinition };
}

/** Validate a definition given as data (e.g. generated in code); `file` names it in messages. */
export function loadWorkflowData(
  data: unknown,
  file: string,
  options: ValidateWorkflowOptions = {},
): LoadedWorkflow {
  const abs = resolve(file);
  const { workflow, errors } = validateParsed(
    { file: abs, data, locate: () => ({ line: 0, column: 0 }) },
    options,
  );
  if (errors[0]) throw errors[0];
  return { file: abs, dir: dirname(abs), definition: workflow as WorkflowDefinition };
}
