/** A key-value store for artifacts passed between stages of one run (values must be JSON). */
export interface ObjectStore {
  put(key: string, value: unknown): Promise<void>;
  get<T = unknown>(key: string): Promise<T | undefined>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface StageLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What a stage sees besides its input. */
export interface StageContext {
  readonly runId: string;
  readonly stage: string;
  /** Position in the list of a parameterized stage (`map_on`); undefined for a simple stage. */
  readonly index: number | undefined;
  /** 1 on the first try, 2 on the first retry… */
  readonly attempt: number;
  /** The run's input (what `flow run --input` gave). */
  readonly workflowInput: unknown;
  readonly log: StageLogger;
  /** Aborted when the run is cancelled or the stage's timeout passes: stop work and throw. */
  readonly signal: AbortSignal;
  /** Report progress, e.g. `progress(3, 10, 'parsed 3 files')`. */
  progress(done: number, total?: number, message?: string): void;
  /** Artifacts shared between the run's stages (in memory locally, a folder or Redis when distributed). */
  readonly objects: ObjectStore;
}

/**
 * A stage: `(input, ctx) => result`. Input is the workflow input for a stage without
 * dependencies, the dependency's result for one, `{ [dependency]: result }` for several,
 * and one list item for a parameterized stage.
 */
export type StageFunction<I = unknown, O = unknown> = (input: I, ctx: StageContext) => O | Promise<O>;

/** Where a stage's code lives once its target string is resolved. */
export interface ResolvedTarget {
  /** The target string as written. */
  target: string;
  kind: 'module' | 'package' | 'plugin';
  /** `file://` URL of the module; undefined for stages handed in as objects. */
  url: string | undefined;
  /** Export name (`default` when the target names none). */
  exportName: string;
  /** Content hash of the module (or of the function's source when there is no file). */
  version: string;
  /** The providing plugin package, for plugin targets. */
  package?: { name: string; version: string } | undefined;
}

/** One stage execution handed to an executor. */
export interface StageTask {
  runId: string;
  stage: string;
  index: number | undefined;
  attempt: number;
  target: ResolvedTarget;
  /** Folder of the workflow file: relative module targets resolve from it on workers. */
  baseDir: string;
  input: unknown;
  workflowInput: unknown;
  /** Milliseconds; undefined means no limit. */
  timeoutMs: number | undefined;
}

/** What the engine gives an executor along with a task. */
export interface TaskIO {
  /** Aborted on cancel and on timeout. */
  signal: AbortSignal;
  onProgress(done: number, total: number | undefined, message: string | undefined): void;
  onLog(level: LogLevel, message: string): void;
}

/** Runs stage tasks somewhere: this process, a thread pool, BullMQ workers… */
export interface Executor {
  readonly name: string;
  /** Tasks the engine keeps in flight at once (the executor's parallelism). */
  readonly concurrency: number;
  /** Run one task and resolve to its result (reject with the stage's error). */
  run(task: StageTask, io: TaskIO): Promise<unknown>;
  close(): Promise<void>;
}

/** What an executor factory gets besides its options from the workflow or the command line. */
export interface ExecutorSetup {
  /** Import a stage in this process (cached). Executors that run in-process use it. */
  load(target: ResolvedTarget, baseDir: string): Promise<StageFunction>;
  /** Object store for the run's artifacts, chosen by the host. */
  objects(runId: string): ObjectStore;
  /** Other executors by name (so a plugin executor can delegate). */
  executor(target: string, options?: Record<string, unknown>): Promise<Executor>;
  /** Folder for the host's files (run store, object folders). */
  dataDir: string;
}

/** An executor plugin: a factory taking the `executor:` options of the workflow. */
export type ExecutorFactory<O extends Record<string, unknown> = Record<string, unknown>> = (
  options: O,
  setup: ExecutorSetup,
) => Executor | Promise<Executor>;

/** Static metadata of one entry of the `workflow` group (`plugboard.workflow.<entry>`). */
export interface WorkflowEntryMeta {
  kind: 'stage' | 'executor';
  description?: string | undefined;
}
