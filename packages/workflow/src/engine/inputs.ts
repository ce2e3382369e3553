import type { StageDefinition } from '../definition/schema.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';

/** Input of a stage: the workflow input, its one dependency's result, or `{ [dependency]: result }`. */
export function stageInput(
  stage: StageDefinition,
  results: ReadonlyMap<string, unknown>,
  workflowInput: unknown,
): unknown {
  const deps = stage.depends_on ?? [];
  if (deps.length === 0) return workflowInput;
  if (deps.length === 1) return results.get(deps[0] as string);
  const input: Record<string, unknown> = {};
  for (const d of deps) input[d] = results.get(d);
  return input;
}

/** The list a parameterized stage runs over: `map_on` is `dependency[.path]` or `input[.path]`. */
export function mapItems(
  stage: StageDefinition,
  results: ReadonlyMap<string, unknown>,
  workflowInput: unknown,
): unknown[] {
  const [head, ...path] = (stage.map_on ?? '').split('.');
  let value: unknown = head === 'input' ? workflowInput : results.get(head as string);
  for (const key of path)
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(value)) {
    throw new WorkflowError(
      WorkflowErrorCodes.MAP_NOT_LIST,
      `stage "${stage.name}" maps on "${stage.map_on}", which is ${value === null ? 'null' : typeof value}, not a list; make that stage return an array or point map_on at one.`,
      { stage: stage.name },
    );
  }
  return value;
}
