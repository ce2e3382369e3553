import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoadedWorkflow } from '../definition/load.js';
import { loadWorkflowFile, validateWorkflowFile } from '../definition/load.js';
import type { ExecutorConfig } from '../definition/schema.js';
import type { WorkflowValidation } from '../definition/validate.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import { type DiscoverWorkflowOptions, discoverWorkflowPlugins, type WorkflowDiscovery } from '../host.js';
import { memoryObjectStore } from '../objects/memory.js';
import { RunStore } from '../store/run-store.js';
import { importExport, TargetResolver } from '../targets/resolve.js';
import type { Executor, ExecutorFactory, ExecutorSetup, ObjectStore, StageFunction } from '../types.js';
import { BUILTIN_EXECUTORS } from './builtins.js';
import { notFound, type RunOptions, type RunOutcome, resumeRun, startRun } from './runs.js';

export interface CreateWorkflowHostOptions {
  /** Host project directory: plugins among its dependencies provide stages and executors. Default `process.cwd()`. */
  cwd?: string;
  /** Where run records and artifacts live. Default `$XDG_DATA_HOME/plugboard-workflow` or `~/.local/share/plugboard-workflow`. */
  dataDir?: string;
  /** Run store: a libsql file, `:memory:`, or a `postgres://` URL. Default `<dataDir>/runs.db`. */
  store?: string;
  /** Stage-record write batching (ms); 0 writes each record at once. Default 20. */
  flushMs?: number;
  /** Discovery options, or a discovery result to use as is. */
  plugins?: DiscoverWorkflowOptions | WorkflowDiscovery;
}

export interface WorkflowHost {
  readonly plugins: WorkflowDiscovery;
  readonly store: RunStore;
  readonly dataDir: string;
  /** Every problem of a workflow file (short-name targets checked against the discovered stages). */
  validate(file: string): WorkflowValidation;
  load(file: string): LoadedWorkflow;
  /** Create an executor by target (`local`, `threads`, `bullmq`, a plugin's name, or a module target). */
  executor(config: ExecutorConfig, baseDir?: string): Promise<Executor>;
  run(workflow: string | LoadedWorkflow, options?: RunOptions): Promise<RunOutcome>;
  /** Finish an interrupted, failed or cancelled run without redoing its finished stages. */
  resume(runId: string, options?: Omit<RunOptions, 'input' | 'runId'>): Promise<RunOutcome>;
  /** Ask the process running `runId` to cancel it (it polls the store every second). */
  cancel(runId: string): Promise<void>;
  close(): Promise<void>;
}

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'plugboard-workflow');
}

function isDiscovery(value: unknown): value is WorkflowDiscovery {
  return typeof value === 'object' && value !== null && 'plugins' in value && 'why' in value;
}

/** The workflow host: discovery, validation, execution on any executor, durable runs. */
export async function createWorkflowHost(options: CreateWorkflowHostOptions = {}): Promise<WorkflowHost> {
  const cwd = options.cwd ?? process.cwd();
  const dataDir = options.dataDir ?? defaultDataDir();
  const plugins = isDiscovery(options.plugins)
    ? options.plugins
    : discoverWorkflowPlugins({
        cwd,
        ...options.plugins,
        provided: [...BUILTIN_EXECUTORS, ...(options.plugins?.provided ?? [])],
      });
  const resolver = new TargetResolver({ plugins });
  const store = await RunStore.open({
    location: options.store ?? join(dataDir, 'runs.db'),
    flushMs: options.flushMs ?? 20,
  });
  const objects = new Map<string, ObjectStore>();

  const setup: ExecutorSetup = {
    dataDir,
    async load(target, baseDir) {
      if (target.url)
        return (await importExport(target.url, target.exportName, target.target)) as StageFunction;
      return (await resolver.resolve(target.target, baseDir, 'stage')).value as StageFunction;
    },
    objects(runId) {
      let o = objects.get(runId);
      if (!o) {
        o = memoryObjectStore();
        objects.set(runId, o);
      }
      return o;
    },
    executor: (target, opts) => executor({ target, ...opts }),
  };

  async function executor(config: ExecutorConfig, baseDir = cwd): Promise<Executor> {
    const { target, ...rest } = config;
    const { value } = await resolver.resolve(target, baseDir, 'executor');
    const made = await (value as unknown as ExecutorFactory)(rest, setup);
    if (!made || typeof made.run !== 'function' || typeof made.close !== 'function') {
      throw new WorkflowError(
        WorkflowErrorCodes.EXECUTOR_INVALID,
        `executor "${target}" did not return an executor ({ name, concurrency, run(task, io), close() }); fix its factory.`,
      );
    }
    return made;
  }

  const validate = (file: string) => validateWorkflowFile(file, { stages: resolver.names('stage') });
  const load = (file: string) => loadWorkflowFile(file, { stages: resolver.names('stage') });
  const deps = { store, resolver, executor, dropObjects: (runId: string) => objects.delete(runId) };

  return {
    plugins,
    store,
    dataDir,
    validate,
    load,
    executor,
    run: (workflow, runOptions = {}) =>
      startRun(deps, typeof workflow === 'string' ? load(workflow) : workflow, runOptions),
    resume: (runId, runOptions = {}) => resumeRun(deps, runId, runOptions),
    cancel: async (runId) => {
      if (!(await store.getRun(runId))) throw notFound(runId);
      await store.requestCancel(runId);
    },
    close: () => store.close(),
  };
}
