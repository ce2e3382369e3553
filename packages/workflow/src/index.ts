export { defineExecutor, defineStage } from './define.js';
export type { LoadedWorkflow } from './definition/load.js';
export { loadWorkflowData, loadWorkflowFile, validateWorkflowFile } from './definition/load.js';
export type { KeyPath, ParsedWorkflowText } from './definition/parse.js';
export { parseWorkflowText } from './definition/parse.js';
export type {
  ExecutorConfig,
  StageDefinition,
  StageOptions,
  WorkflowDefinition,
} from './definition/schema.js';
export { workflowJsonSchema, workflowSchema } from './definition/schema.js';
export type { ValidateWorkflowOptions, WorkflowValidation } from './definition/validate.js';
export { validateParsed } from './definition/validate.js';
export type { RunEvent, RunState, StageRecord } from './engine/events.js';
export type { ExecuteOptions, ExecuteResult } from './engine/run.js';
export { executeWorkflow } from './engine/run.js';
export type { EncodedError } from './engine/serialize.js';
export { assertSerializable, decodeError, encodeError } from './engine/serialize.js';
export type { WorkflowErrorCode, WorkflowErrorOptions, WorkflowLocation } from './errors.js';
export { isWorkflowError, WorkflowError, WorkflowErrorCodes } from './errors.js';
export type { BullmqExecutorOptions, StageJobData } from './executors/bullmq.js';
export type { LocalExecutorOptions } from './executors/local.js';
export { createLocalExecutor, localExecutor } from './executors/local.js';
export type { RedisQueueOptions } from './executors/redis.js';
export type { ThreadsExecutorOptions } from './executors/threads.js';
export type { WorkflowWorker, WorkflowWorkerOptions } from './executors/worker.js';
export { createWorkflowWorker } from './executors/worker.js';
export type { DiscoverWorkflowOptions, WorkflowDiscovery, WorkflowEntry, WorkflowPlugin } from './host.js';
export { discoverWorkflowPlugins, kindOf, workflowEntryMetaSchema, workflowHost } from './host.js';
export { folderObjectStore } from './objects/folder.js';
export { memoryObjectStore } from './objects/memory.js';
export type { CreateWorkflowHostOptions, WorkflowHost } from './runtime/create.js';
export { createWorkflowHost } from './runtime/create.js';
export type { RunOptions, RunOutcome } from './runtime/runs.js';
export type { NewRun, OpenRunStoreOptions, RunRecord, TriggerRecord } from './store/run-store.js';
export { RunStore } from './store/run-store.js';
export type { TargetRef } from './targets/parse-target.js';
export { parseTarget } from './targets/parse-target.js';
export { TargetResolver } from './targets/resolve.js';
export type { EventRule } from './triggers/rules.js';
export { ruleMatches } from './triggers/rules.js';
export type { NewTrigger, TriggerScheduler, TriggerSchedulerOptions } from './triggers/scheduler.js';
export { addTrigger, createTriggerScheduler, removeTrigger } from './triggers/scheduler.js';
export type {
  Executor,
  ExecutorFactory,
  ExecutorSetup,
  LogLevel,
  ObjectStore,
  ResolvedTarget,
  StageContext,
  StageFunction,
  StageLogger,
  StageTask,
  TaskIO,
  WorkflowEntryMeta,
} from './types.js';
export { HOST_NAME, HOST_VERSION } from './version.js';
