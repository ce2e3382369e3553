import type { ExecutorFactory, StageFunction } from './types.js';

/**
 * Declare a stage with typed input and output. The function is returned as is: a stage
 * is a plain `(input, ctx) => result`, so a package can export one without depending on
 * this helper at run time.
 */
export function defineStage<I = unknown, O = unknown>(stage: StageFunction<I, O>): StageFunction<I, O> {
  if (typeof stage !== 'function') {
    throw new TypeError('@plugboard/workflow: defineStage() needs a function (input, ctx) => result.');
  }
  return stage;
}

/** Declare an executor factory with typed options. */
export function defineExecutor<O extends Record<string, unknown> = Record<string, unknown>>(
  factory: ExecutorFactory<O>,
): ExecutorFactory<O> {
  if (typeof factory !== 'function') {
    throw new TypeError(
      '@plugboard/workflow: defineExecutor() needs a factory (options, setup) => executor.',
    );
  }
  return factory;
}
