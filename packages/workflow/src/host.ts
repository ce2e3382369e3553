import {
  type DiscoverySources,
  defineHost,
  type HostDiscovery,
  type HostPlugin,
  type ProvidedPlugin,
} from '@plugboard/core';
import { z } from 'zod';
import type { WorkflowEntryMeta } from './types.js';
import { HOST_NAME, HOST_VERSION } from './version.js';

/** The loaded value of a `workflow` entry: a stage function or an executor factory. */
export type WorkflowEntry = (...args: never[]) => unknown;

/**
 * `plugboard.workflow.<entry>` in a plugin's package.json: whether the entry is a stage
 * or an executor, so `flow stages` and validation know without importing plugin code.
 */
export const workflowEntryMetaSchema = z
  .object({
    kind: z.enum(['stage', 'executor']),
    description: z.string().optional(),
  })
  .strict();

/** The workflow host on core's host kit: discovery, precedence, index and lifecycle come from there. */
export const workflowHost = defineHost<WorkflowEntry, WorkflowEntryMeta>({
  group: 'workflow',
  adapter: { name: HOST_NAME, version: HOST_VERSION },
  entryName: { pattern: /^[a-z][a-z0-9-]*$/, hint: 'lower-case letters, digits and "-"' },
  guard: (v) =>
    typeof v === 'function'
      ? undefined
      : 'expected a stage function (input, ctx) => result or an executor factory (options, setup) => executor',
  meta: { schema: workflowEntryMetaSchema, per: 'entry', onInvalid: 'exclude' },
});

export type WorkflowPlugin = HostPlugin<WorkflowEntry, WorkflowEntryMeta>;
export type WorkflowDiscovery = HostDiscovery<WorkflowEntry, WorkflowEntryMeta>;

export interface DiscoverWorkflowOptions {
  /** Host project directory (its dependencies are searched). Default `process.cwd()`. */
  cwd?: string;
  sources?: DiscoverySources;
  /** Discovery index file, `true` for the default place, `false` for none. */
  cache?: boolean | string;
  /** Stages and executors handed in as objects (built-ins, tests). */
  provided?: ReadonlyArray<ProvidedPlugin<WorkflowEntry, WorkflowEntryMeta>>;
}

/** Find the stages and executors that plugins provide. Never throws for one bad plugin. */
export function discoverWorkflowPlugins(options: DiscoverWorkflowOptions = {}): WorkflowDiscovery {
  return workflowHost.discover({
    cwd: options.cwd ?? process.cwd(),
    sources: options.sources ?? { dependencies: true },
    ...(options.cache === undefined ? {} : { cache: options.cache }),
    ...(options.provided ? { provided: options.provided } : {}),
  });
}

/** An entry without metadata is a stage: executors must say so. */
export function kindOf(plugin: WorkflowPlugin): 'stage' | 'executor' {
  return plugin.meta?.kind ?? 'stage';
}
