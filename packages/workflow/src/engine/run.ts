import { toMs } from '../definition/duration.js';
import type { StageDefinition, WorkflowDefinition } from '../definition/schema.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import type { Executor, ResolvedTarget, StageTask, TaskIO } from '../types.js';
import { backoffMs, type InFlight, runAttempt } from './attempt.js';
import type { RunEvent, RunState, StageRecord } from './events.js';
import { mapItems, stageInput } from './inputs.js';
import { encodeError } from './serialize.js';

export interface ExecuteOptions {
  runId: string;
  definition: WorkflowDefinition;
  /** Folder of the workflow file (module targets resolve from it on workers). */
  baseDir: string;
  /** Each stage's resolved target. */
  targets: ReadonlyMap<string, ResolvedTarget>;
  input: unknown;
  executor: Executor;
  /** Records already finished (resume): they are not run again. */
  finished?: ReadonlyArray<StageRecord>;
  /** Called once per finished task (the run store buffers these). */
  record?: (record: StageRecord) => void;
  onEvent?: (event: RunEvent) => void;
  /** Aborting cancels the run: running stages get their signal aborted. */
  signal?: AbortSignal;
  /** Tasks in flight at once; default the executor's. */
  concurrency?: number;
}

export interface ExecuteResult {
  state: Extract<RunState, 'done' | 'failed' | 'cancelled'>;
  /** Result of every finished stage (lists for parameterized ones). */
  results: Record<string, unknown>;
  /** The sink stage's result, or `{ [sink]: result }` when there are several. */
  output: unknown;
  error?: Error | undefined;
  failedStage?: string | undefined;
}

interface Node {
  def: StageDefinition;
  waiting: number;
  dependents: Node[];
  items: unknown[] | undefined;
  left: number;
}

/**
 * Run a workflow's DAG on an executor: topological order, independent stages in
 * parallel up to the concurrency limit, parameterized stages fanned out per item and
 * fanned in as a list, retries with backoff, timeouts and cancellation.
 */
export function executeWorkflow(options: ExecuteOptions): Promise<ExecuteResult> {
  const { definition, executor, onEvent } = options;
  const limit = Math.max(1, options.concurrency ?? executor.concurrency);
  const control = new AbortController();
  const inflightAttempts: InFlight = new Set();
  control.signal.addEventListener('abort', () => {
    for (const cancel of [...inflightAttempts]) cancel(control.signal);
  });
  const outer = options.signal;
  const silentIo: TaskIO = { signal: control.signal, onProgress() {}, onLog() {} };
  const results = new Map<string, unknown>();
  const done = new Map<string, StageRecord>();
  for (const r of options.finished ?? []) if (r.state === 'done') done.set(`${r.stage}\0${r.index}`, r);
  const nodes = new Map<string, Node>();
  for (const def of definition.stages)
    nodes.set(def.name, {
      def,
      waiting: (def.depends_on ?? []).length,
      dependents: [],
      items: undefined,
      left: 0,
    });
  for (const n of nodes.values()) for (const d of n.def.depends_on ?? []) nodes.get(d)?.dependents.push(n);
  const sinks = [...nodes.values()].filter((n) => n.dependents.length === 0).map((n) => n.def.name);

  const queue: StageTask[] = [];
  let head = 0;
  let inflight = 0;
  let remaining = nodes.size;
  let failure: { error: Error; stage: string } | undefined;

  return new Promise<ExecuteResult>((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled || inflight > 0) return;
      if (!failure && !control.signal.aborted && remaining > 0 && head < queue.length) return;
      settled = true;
      outer?.removeEventListener('abort', onCancel);
      const all = Object.fromEntries(results);
      const output =
        sinks.length === 1 ? all[sinks[0] as string] : Object.fromEntries(sinks.map((s) => [s, all[s]]));
      const state = failure ? 'failed' : control.signal.aborted || remaining > 0 ? 'cancelled' : 'done';
      const error =
        failure?.error ??
        (state === 'cancelled'
          ? new WorkflowError(
              WorkflowErrorCodes.CANCELLED,
              `run ${options.runId} was cancelled; \`flow runs resume ${options.runId}\` finishes it.`,
            )
          : undefined);
      resolve({ state, results: all, output, error, failedStage: failure?.stage });
    };
    const onCancel = () => {
      control.abort(
        outer?.reason ??
          new WorkflowError(WorkflowErrorCodes.CANCELLED, `run ${options.runId} was cancelled.`),
      );
      finish();
    };
    if (outer?.aborted) return onCancel();
    outer?.addEventListener('abort', onCancel, { once: true });

    const fail = (stage: string, error: Error) => {
      failure ??= { error, stage };
    };
    const complete = (n: Node) => {
      results.set(n.def.name, n.items ?? results.get(n.def.name));
      remaining--;
      for (const m of n.dependents) if (--m.waiting === 0) ready(m);
    };
    const ready = (n: Node) => {
      const def = n.def;
      const timeoutMs = toMs(def.options?.timeout);
      const target = options.targets.get(def.name) as ResolvedTarget;
      const task = (index: number | undefined, input: unknown): StageTask => ({
        runId: options.runId,
        stage: def.name,
        index,
        attempt: 1,
        target,
        baseDir: options.baseDir,
        input,
        workflowInput: options.input,
        timeoutMs,
      });
      if (def.type === 'parameterized') {
        let list: unknown[];
        try {
          list = mapItems(def, results, options.input);
        } catch (error) {
          return fail(def.name, error as Error);
        }
        n.items = new Array(list.length);
        n.left = list.length;
        onEvent?.({ type: 'stage-items', stage: def.name, total: list.length });
        list.forEach((item, i) => {
          const prior = done.get(`${def.name}\0${i}`);
          if (prior) {
            (n.items as unknown[])[i] = prior.result;
            n.left--;
          } else queue.push(task(i, item));
        });
        if (n.left === 0) complete(n);
        return;
      }
      const prior = done.get(`${def.name}\0-1`);
      if (prior) {
        results.set(def.name, prior.result);
        return complete(n);
      }
      n.left = 1;
      queue.push(task(undefined, stageInput(def, results, options.input)));
    };
    const start = (task: StageTask) => {
      inflight++;
      const index = task.index ?? -1;
      const startedAt = Date.now();
      onEvent?.({ type: 'stage-start', stage: task.stage, index, attempt: task.attempt });
      // Without a listener every task shares one I/O object (no closures per stage).
      const io: TaskIO = onEvent
        ? {
            signal: control.signal,
            onProgress: (d, total, message) =>
              onEvent({ type: 'progress', stage: task.stage, index, done: d, total, message }),
            onLog: (level, message) => onEvent({ type: 'log', stage: task.stage, index, level, message }),
          }
        : silentIo;
      runAttempt(executor, task, io, control.signal, inflightAttempts).then(
        (value) => {
          inflight--;
          const n = nodes.get(task.stage) as Node;
          const finishedAt = Date.now();
          options.record?.({
            stage: task.stage,
            index,
            state: 'done',
            attempts: task.attempt,
            startedAt,
            finishedAt,
            result: value,
            version: task.target.version,
          });
          onEvent?.({ type: 'stage-done', stage: task.stage, index, ms: finishedAt - startedAt });
          if (n.items) n.items[index] = value;
          else results.set(task.stage, value);
          if (--n.left === 0) complete(n);
          pump();
        },
        (error: unknown) => {
          inflight--;
          const err = error instanceof Error ? error : new Error(String(error));
          const def = (nodes.get(task.stage) as Node).def;
          const cancelled = control.signal.aborted;
          const retries = def.options?.retries ?? 0;
          if (!cancelled && !failure && task.attempt <= retries) {
            const delayMs = backoffMs(def.options, task.attempt);
            onEvent?.({
              type: 'stage-retry',
              stage: task.stage,
              index,
              attempt: task.attempt,
              error: encodeError(err),
              delayMs,
            });
            inflight++; // the retry holds its place so the run does not end while it waits
            setTimeout(() => {
              inflight--;
              if (control.signal.aborted || failure) return pump();
              queue.push({ ...task, attempt: task.attempt + 1 });
              pump();
            }, delayMs);
            return;
          }
          if (!cancelled) {
            options.record?.({
              stage: task.stage,
              index,
              state: 'failed',
              attempts: task.attempt,
              startedAt,
              finishedAt: Date.now(),
              error: encodeError(err),
              version: task.target.version,
            });
            onEvent?.({ type: 'stage-failed', stage: task.stage, index, error: encodeError(err) });
            fail(task.stage, err);
          }
          pump();
        },
      );
    };
    const pump = () => {
      while (!failure && !control.signal.aborted && inflight < limit && head < queue.length) {
        start(queue[head++] as StageTask);
      }
      if (head > 4096 && head === queue.length) {
        queue.length = 0;
        head = 0;
      }
      finish();
    };
    // Roots first, collected before any is made ready: on resume, ready() completes
    // finished stages recursively, and a node it reaches must not be readied twice.
    const roots = [...nodes.values()].filter((n) => n.waiting === 0);
    for (const n of roots) ready(n);
    pump();
  });
}
