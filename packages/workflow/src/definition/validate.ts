import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowError, type WorkflowErrorCode, WorkflowErrorCodes } from '../errors.js';
import { parseTarget } from '../targets/parse-target.js';
import { toMs } from './duration.js';
import { findCycle } from './graph.js';
import type { KeyPath, ParsedWorkflowText } from './parse.js';
import { type StageDefinition, type WorkflowDefinition, workflowSchema } from './schema.js';
import { hint } from './suggest.js';

export interface ValidateWorkflowOptions {
  /** Stage names plugins provide (short-name targets); omit to skip that check. */
  stages?: ReadonlySet<string> | undefined;
}

/** Validation returns every problem at once; loading throws the first. */
export interface WorkflowValidation {
  workflow: WorkflowDefinition | undefined;
  errors: WorkflowError[];
}

type Report = (code: WorkflowErrorCode, path: KeyPath, message: string, stage?: string) => void;

/** Check the file's structure, then the graph and the targets, naming file, stage and line. */
export function validateParsed(
  parsed: ParsedWorkflowText,
  options: ValidateWorkflowOptions = {},
): WorkflowValidation {
  const errors: WorkflowError[] = [];
  const report: Report = (code, path, message, stage) => {
    const pos = parsed.locate(path);
    errors.push(new WorkflowError(code, message, { file: parsed.file, stage, ...pos }));
  };
  const result = workflowSchema.safeParse(parsed.data);
  if (!result.success) {
    const data = parsed.data as { stages?: Array<{ name?: unknown }> } | undefined;
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const stageAt =
        path[0] === 'stages' && typeof path[1] === 'number' ? data?.stages?.[path[1]] : undefined;
      const stage = typeof stageAt?.name === 'string' ? stageAt.name : undefined;
      const where = path.length ? `"${path.join('.')}"` : 'the file';
      const code = path.includes('options') ? WorkflowErrorCodes.OPTIONS_INVALID : WorkflowErrorCodes.INVALID;
      report(
        code,
        path,
        `${where}${stage ? ` (stage "${stage}")` : ''}: ${issue.message}. Fix it; the JSON Schema is @plugboard/workflow/schema/workflow.schema.json.`,
        stage,
      );
    }
    return { workflow: undefined, errors };
  }
  const workflow = result.data;
  checkStages(workflow.stages, report, parsed.file, options);
  return { workflow, errors };
}

function checkStages(
  stages: readonly StageDefinition[],
  report: Report,
  file: string,
  options: ValidateWorkflowOptions,
): void {
  const names = new Set<string>();
  stages.forEach((s, i) => {
    if (names.has(s.name)) {
      report(
        WorkflowErrorCodes.DUPLICATE_STAGE,
        ['stages', i, 'name'],
        `stage "${s.name}" is defined twice; give each stage its own name.`,
        s.name,
      );
    }
    names.add(s.name);
  });
  stages.forEach((s, i) => {
    (s.depends_on ?? []).forEach((d, j) => {
      if (!names.has(d)) {
        report(
          WorkflowErrorCodes.DEPENDENCY_MISSING,
          ['stages', i, 'depends_on', j],
          `stage "${s.name}" depends on "${d}", which is not a stage of this workflow.${hint(d, names)}`,
          s.name,
        );
      }
    });
    checkOptions(s, i, report);
    checkTarget(s, i, report, file, options);
  });
  const cycle = findCycle(stages);
  if (cycle) {
    const at = stages.findIndex((s) => s.name === cycle[0]);
    report(
      WorkflowErrorCodes.CYCLE,
      ['stages', at, 'depends_on'],
      `the stages depend on each other in a cycle: ${cycle.join(' → ')}. Remove one of these dependencies.`,
      cycle[0],
    );
  }
}

function checkOptions(s: StageDefinition, i: number, report: Report): void {
  const bad = (key: string, message: string) =>
    report(WorkflowErrorCodes.OPTIONS_INVALID, ['stages', i, key], `stage "${s.name}": ${message}`, s.name);
  if (s.type === 'parameterized') {
    if (!s.map_on) {
      bad(
        'type',
        'a parameterized stage needs "map_on": the dependency (or "input") whose list it runs over.',
      );
      return;
    }
    const head = s.map_on.split('.')[0] ?? '';
    if (head !== 'input' && !(s.depends_on ?? []).includes(head)) {
      bad(
        'map_on',
        `"map_on: ${s.map_on}" must start with one of its depends_on stages or "input"; add "${head}" to depends_on or fix the name.`,
      );
    }
  } else if (s.map_on) {
    bad('map_on', '"map_on" needs "type: parameterized"; add it, or remove map_on.');
  }
  const backoff = s.options?.backoff;
  if (
    typeof backoff === 'object' &&
    backoff.max !== undefined &&
    (toMs(backoff.max) ?? 0) < (toMs(backoff.delay) ?? 0)
  ) {
    bad('options', 'backoff "max" is shorter than its "delay"; raise max or lower delay.');
  }
}

function checkTarget(
  s: StageDefinition,
  i: number,
  report: Report,
  file: string,
  options: ValidateWorkflowOptions,
): void {
  const ref = parseTarget(s.target);
  const path: KeyPath = ['stages', i, 'target'];
  const unknown = (message: string) =>
    report(WorkflowErrorCodes.TARGET_UNKNOWN, path, `stage "${s.name}": ${message}`, s.name);
  if (ref.kind === 'module') {
    const full = ref.path.startsWith('file:') ? fileURLToPath(ref.path) : resolve(dirname(file), ref.path);
    if (!existsSync(full))
      unknown(
        `target "${s.target}" names ${full}, which does not exist; fix the path (relative to the workflow file).`,
      );
  } else if (ref.kind === 'package') {
    try {
      createRequire(join(dirname(file), 'noop.js')).resolve(ref.specifier);
    } catch {
      unknown(
        `target "${s.target}": package module "${ref.specifier}" cannot be found from ${dirname(file)}; install it or fix the name.`,
      );
    }
  } else if (options.stages && !options.stages.has(ref.name)) {
    unknown(
      `no installed plugin provides the stage "${ref.name}".${hint(ref.name, options.stages)} Run \`flow stages\` to list the stages found, or install the plugin that provides it.`,
    );
  }
}
