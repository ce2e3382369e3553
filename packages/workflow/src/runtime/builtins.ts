import type { ProvidedPlugin } from '@plugboard/core';
import type { WorkflowEntry } from '../host.js';
import type { WorkflowEntryMeta } from '../types.js';
import { HOST_NAME, HOST_VERSION } from '../version.js';

const pkg = { name: HOST_NAME, version: HOST_VERSION };

/**
 * The executors this package ships, as plugins that lose to any discovered one of the
 * same name. Each is loaded on first use, so threads and BullMQ load
 * only when a workflow picks them.
 */
export const BUILTIN_EXECUTORS: ReadonlyArray<ProvidedPlugin<WorkflowEntry, WorkflowEntryMeta>> = [
  {
    name: 'local',
    load: async () => (await import('../executors/local.js')).localExecutor as WorkflowEntry,
    meta: { kind: 'executor', description: 'in this process, with a concurrency limit' },
    package: pkg,
  },
  {
    name: 'threads',
    load: async () => (await import('../executors/threads.js')).threadsExecutor as WorkflowEntry,
    meta: { kind: 'executor', description: 'a worker_threads pool (piscina)' },
    package: pkg,
  },
  {
    name: 'bullmq',
    load: async () => (await import('../executors/bullmq.js')).bullmqExecutor as WorkflowEntry,
    meta: { kind: 'executor', description: 'BullMQ jobs on Redis, run by `flow worker` processes' },
    package: pkg,
  },
];
