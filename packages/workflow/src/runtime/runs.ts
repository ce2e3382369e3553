import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import type { LoadedWorkflow } from '../definition/load.js';
import type { ExecutorConfig, WorkflowDefinition } from '../definition/schema.js';
import type { RunEvent, RunState, StageRecord } from '../engine/events.js';
import { executeWorkflow } from '../engine/run.js';
import { encodeError } from '../engine/serialize.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import type { RunStore } from '../store/run-store.js';
import type { TargetResolver } from '../targets/resolve.js';
import type { Executor, ResolvedTarget } from '../types.js';
import { checkInput } from './input.js';

export interface RunOptions {
  input?: unknown;
  /** Overrides the workflow's `executor:` (default `{ target: 'local' }`). */
  executor?: ExecutorConfig;
  /** An executor already made (kept open after the run); wins over `executor`. */
  executorInstance?: Executor;
  runId?: string;
  onEvent?: (event: RunEvent) => void;
  /** Called once the run record exists (e.g. to print the run id before stages start). */
  onStart?: (runId: string) => void;
  signal?: AbortSignal;
  concurrency?: number;
}

export interface RunOutcome {
  runId: string;
  state: Extract<RunState, 'done' | 'failed' | 'cancelled'>;
  output: unknown;
  results: Record<string, unknown>;
  error: Error | undefined;
  failedStage: string | undefined;
}

export interface RunDeps {
  store: RunStore;
  resolver: TargetResolver;
  executor(config: ExecutorConfig, baseDir?: string): Promise<Executor>;
  dropObjects(runId: string): void;
}

/** Resolve every stage's target once, before anything runs. */
async function resolveTargets(
  resolver: TargetResolver,
  definition: WorkflowDefinition,
  baseDir: string,
  file: string,
) {
  const targets = new Map<string, ResolvedTarget>();
  for (const s of definition.stages) {
    try {
      targets.set(s.name, (await resolver.resolve(s.target, baseDir, 'stage')).ref);
    } catch (error) {
      if (error instanceof WorkflowError) {
        const text = error.message.replace(/^@plugboard\/workflow: /, '');
        throw new WorkflowError(error.code as never, `stage "${s.name}": ${text}`, {
          file,
          stage: s.name,
          plugin: error.plugin,
          package: error.package,
          cause: error.cause ?? error,
        });
      }
      throw error;
    }
  }
  return targets;
}

async function execute(
  deps: RunDeps,
  run: {
    id: string;
    definition: WorkflowDefinition;
    file: string;
    input: unknown;
    executor: ExecutorConfig;
    finished: StageRecord[];
  },
  options: RunOptions,
): Promise<RunOutcome> {
  const baseDir = dirname(run.file);
  const targets = await resolveTargets(deps.resolver, run.definition, baseDir, run.file);
  const executor = options.executorInstance ?? (await deps.executor(run.executor, baseDir));
  const control = new AbortController();
  const outer = options.signal;
  const onOuter = () => control.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  // Heartbeat: keeps the run from looking dead, and carries `flow runs cancel` from other processes.
  const beat = setInterval(() => {
    deps.store.heartbeat(run.id).then(
      (r) => {
        if (r.cancelRequested)
          control.abort(
            new WorkflowError(
              WorkflowErrorCodes.CANCELLED,
              `run ${run.id} was cancelled (flow runs cancel).`,
            ),
          );
      },
      () => {},
    );
  }, 1000);
  beat.unref();
  try {
    options.onStart?.(run.id);
    const result = await executeWorkflow({
      runId: run.id,
      definition: run.definition,
      baseDir,
      targets,
      input: run.input,
      executor,
      finished: run.finished,
      record: (r) => deps.store.record(run.id, r),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      signal: control.signal,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
    await deps.store.finishRun(
      run.id,
      result.state,
      result.output,
      result.error ? encodeError(result.error) : undefined,
    );
    return { runId: run.id, ...result, error: result.error, failedStage: result.failedStage };
  } finally {
    clearInterval(beat);
    outer?.removeEventListener('abort', onOuter);
    deps.dropObjects(run.id);
    if (!options.executorInstance) await executor.close();
  }
}

export async function startRun(
  deps: RunDeps,
  workflow: LoadedWorkflow,
  options: RunOptions,
): Promise<RunOutcome> {
  const input = options.input ?? {};
  checkInput(workflow, input);
  const executor = options.executor ?? workflow.definition.executor ?? { target: 'local' };
  const id =
    options.runId ??
    `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
  await deps.store.createRun({
    id,
    workflow: workflow.definition.name,
    file: workflow.file,
    definition: workflow.definition,
    input,
    executor,
  });
  return execute(
    deps,
    { id, definition: workflow.definition, file: workflow.file, input, executor, finished: [] },
    options,
  );
}

export async function resumeRun(
  deps: RunDeps,
  runId: string,
  options: Omit<RunOptions, 'input' | 'runId'>,
): Promise<RunOutcome> {
  await deps.store.markInterrupted();
  const run = await deps.store.getRun(runId);
  if (!run) throw notFound(runId);
  if (run.state === 'done' || run.state === 'running') {
    throw new WorkflowError(
      WorkflowErrorCodes.RUN_NOT_RESUMABLE,
      `run ${runId} is ${run.state}${run.state === 'running' ? ` (owned by ${run.owner})` : ''}; only interrupted, failed or cancelled runs can be resumed.`,
    );
  }
  const executor = options.executor ?? run.executor;
  const finished = (await deps.store.stageRecords(runId)).filter((r) => r.state === 'done');
  await deps.store.claim(runId, executor);
  return execute(
    deps,
    { id: run.id, definition: run.definition, file: run.file, input: run.input, executor, finished },
    options,
  );
}

export function notFound(runId: string): WorkflowError {
  return new WorkflowError(
    WorkflowErrorCodes.RUN_NOT_FOUND,
    `there is no run "${runId}" in the run store; \`flow runs list\` shows the runs.`,
  );
}
