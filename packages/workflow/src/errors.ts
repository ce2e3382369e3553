import { PlugboardError } from '@plugboard/core';

/** Stable codes of @plugboard/workflow errors; match on these, never on message text. */
export const WorkflowErrorCodes = {
  FILE_MISSING: 'PB_WORKFLOW_FILE_MISSING',
  PARSE: 'PB_WORKFLOW_PARSE',
  INVALID: 'PB_WORKFLOW_INVALID',
  DUPLICATE_STAGE: 'PB_WORKFLOW_DUPLICATE_STAGE',
  DEPENDENCY_MISSING: 'PB_WORKFLOW_DEPENDENCY_MISSING',
  CYCLE: 'PB_WORKFLOW_CYCLE',
  OPTIONS_INVALID: 'PB_WORKFLOW_OPTIONS_INVALID',
  TARGET_UNKNOWN: 'PB_WORKFLOW_TARGET_UNKNOWN',
  TARGET_LOAD_FAILED: 'PB_WORKFLOW_TARGET_LOAD_FAILED',
  TARGET_NOT_PORTABLE: 'PB_WORKFLOW_TARGET_NOT_PORTABLE',
  INPUT_INVALID: 'PB_WORKFLOW_INPUT_INVALID',
  MAP_NOT_LIST: 'PB_WORKFLOW_MAP_NOT_LIST',
  STAGE_TIMEOUT: 'PB_WORKFLOW_STAGE_TIMEOUT',
  /** A stage's own code threw (after its retries); the run outcome carries the stage's error as thrown. */
  STAGE_FAILED: 'PB_WORKFLOW_STAGE_FAILED',
  NOT_SERIALIZABLE: 'PB_WORKFLOW_NOT_SERIALIZABLE',
  CANCELLED: 'PB_WORKFLOW_CANCELLED',
  EXECUTOR_INVALID: 'PB_WORKFLOW_EXECUTOR_INVALID',
  REDIS_UNREACHABLE: 'PB_WORKFLOW_REDIS_UNREACHABLE',
  STORE_FAILED: 'PB_WORKFLOW_STORE_FAILED',
  RUN_NOT_FOUND: 'PB_WORKFLOW_RUN_NOT_FOUND',
  RUN_NOT_RESUMABLE: 'PB_WORKFLOW_RUN_NOT_RESUMABLE',
  TRIGGER_INVALID: 'PB_WORKFLOW_TRIGGER_INVALID',
  TRIGGER_NOT_FOUND: 'PB_WORKFLOW_TRIGGER_NOT_FOUND',
} as const;

export type WorkflowErrorCode = (typeof WorkflowErrorCodes)[keyof typeof WorkflowErrorCodes];

/** Where in a workflow file an error points. */
export interface WorkflowLocation {
  file?: string | undefined;
  /** The stage involved. */
  stage?: string | undefined;
  /** 1-based. */
  line?: number | undefined;
  /** 1-based. */
  column?: number | undefined;
}

export interface WorkflowErrorOptions extends WorkflowLocation {
  /** The package that provides the stage or executor involved. */
  package?: string | undefined;
  /** The plugin (entry name) involved. */
  plugin?: string | undefined;
  cause?: unknown;
}

/** `file:line:col`, or as much of it as is known. */
export function formatLocation(loc: WorkflowLocation): string {
  if (!loc.file) return '';
  return `${loc.file}${loc.line ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : ''}`;
}

/**
 * The error class of @plugboard/workflow. Messages start with "@plugboard/workflow",
 * name the file:line and the stage, and say what to do.
 */
export class WorkflowError extends PlugboardError {
  override name = 'WorkflowError';
  readonly file: string | undefined;
  readonly stage: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: WorkflowErrorCode, message: string, options: WorkflowErrorOptions = {}) {
    const place = formatLocation(options);
    super(code, `@plugboard/workflow: ${place ? `${place}: ` : ''}${message}`, {
      ...(options.package ? { package: options.package } : {}),
      ...(options.plugin ? { plugin: options.plugin } : {}),
      ...(options.file ? { path: options.file } : {}),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.file = options.file;
    this.stage = options.stage;
    this.line = options.line;
    this.column = options.column;
  }
}

export function isWorkflowError(value: unknown): value is WorkflowError {
  return value instanceof WorkflowError;
}
