import { availableParallelism } from 'node:os';
import { defineExecutor } from '../define.js';
import type { Executor, ExecutorSetup, StageFunction } from '../types.js';
import { stageContext } from './context.js';

export interface LocalExecutorOptions extends Record<string, unknown> {
  /** Stages running at once. Default 4 × the CPU count (stages are usually I/O-bound). */
  concurrency?: number;
}

/** Runs stages in this process; the engine keeps at most `concurrency` in flight. */
export function createLocalExecutor(options: LocalExecutorOptions, setup: ExecutorSetup): Executor {
  // Keyed by the resolved target object the engine reuses for every task of a stage.
  const fns = new WeakMap<object, StageFunction>();
  return {
    name: 'local',
    concurrency: options.concurrency ?? availableParallelism() * 4,
    async run(task, io) {
      let fn = fns.get(task.target);
      if (!fn) {
        fn = await setup.load(task.target, task.baseDir);
        fns.set(task.target, fn);
      }
      return fn(task.input, stageContext(task, io, setup.objects(task.runId)));
    },
    async close() {},
  };
}

export const localExecutor = defineExecutor<LocalExecutorOptions>(createLocalExecutor);
