import { describe, expectTypeOf, it } from 'vitest';
import {
  defineExecutor,
  defineStage,
  type Executor,
  type StageContext,
  type StageFunction,
} from '../src/index.js';

describe('defineStage / defineExecutor types', () => {
  it('types a stage input, context and output', () => {
    const stage = defineStage<{ text: string }, number>((input, ctx) => {
      expectTypeOf(input.text).toEqualTypeOf<string>();
      expectTypeOf(ctx).toEqualTypeOf<StageContext>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      return input.text.length;
    });
    expectTypeOf(stage).toEqualTypeOf<StageFunction<{ text: string }, number>>();
    // @ts-expect-error the declared output is a number
    defineStage<string, number>((s) => s);
  });

  it('types executor options and requires an executor back', () => {
    const factory = defineExecutor<{ threads?: number }>((options, setup) => {
      expectTypeOf(options.threads).toEqualTypeOf<number | undefined>();
      expectTypeOf(setup.executor).returns.resolves.toEqualTypeOf<Executor>();
      return { name: 'x', concurrency: options.threads ?? 1, run: async () => null, close: async () => {} };
    });
    expectTypeOf(factory).parameter(0).toEqualTypeOf<{ threads?: number }>();
    // @ts-expect-error an executor needs run and close
    defineExecutor(() => ({ name: 'x' }));
  });
});
