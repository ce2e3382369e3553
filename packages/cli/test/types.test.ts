import {
  type CliContext,
  type CliPlugin,
  createCli,
  defineCliPlugin,
  type StandardSchemaV1,
} from '@plugboard/cli';
import { describe, expectTypeOf, it } from 'vitest';

describe('defineCliPlugin types', () => {
  it('types ctx.config from defaults', () => {
    const p = defineCliPlugin({
      name: 'a',
      defaults: { retries: 3, host: 'x' },
      commands(_group, ctx) {
        expectTypeOf(ctx.config.retries).toEqualTypeOf<number>();
        expectTypeOf(ctx.flags.dryRun).toEqualTypeOf<boolean>();
        // @ts-expect-error unknown key
        ctx.config.nope;
      },
    });
    expectTypeOf(p).toEqualTypeOf<CliPlugin<{ retries: number; host: string }>>();
  });

  it('types ctx.config from a Standard Schema output, and checks defaults against it', () => {
    const schema = {} as StandardSchemaV1<unknown, { unit: 'B' | 'KB' }>;
    defineCliPlugin({
      name: 'b',
      defaults: { unit: 'B' },
      configSchema: schema,
      commands(_group, ctx: CliContext<{ unit: 'B' | 'KB' }>) {
        expectTypeOf(ctx.config.unit).toEqualTypeOf<'B' | 'KB'>();
      },
    });
    // @ts-expect-error defaults outside the schema's type
    defineCliPlugin({ name: 'c', defaults: { unit: 'GB' }, configSchema: schema, commands() {} });
  });

  it('accepts typed plugins in createCli and resolves run() to an exit code', () => {
    const p = defineCliPlugin({ name: 'd', defaults: { n: 1 }, commands() {} });
    const cli = createCli({ name: 'tool', version: '1.0.0', plugins: [p] });
    expectTypeOf(cli.run).returns.toEqualTypeOf<Promise<number>>();
  });
});
