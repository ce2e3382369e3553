import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { createConfig, defineResolver, loadConfig } from '../src/index.js';
import { quiet } from './helpers.js';

describe('types', () => {
  it('infer the config type from any Standard Schema', async () => {
    const zodConfig = await loadConfig({
      plugins: false,
      logger: quiet,
      environment: {},
      defaults: { port: 1 },
      schema: z.object({ port: z.number() }),
    });
    expectTypeOf(zodConfig).toEqualTypeOf<{ port: number }>();
    const host = await createConfig({
      plugins: false,
      logger: quiet,
      environment: {},
      defaults: { name: 'x' },
      schema: v.object({ name: v.string() }),
    });
    expectTypeOf(host.value).toEqualTypeOf<{ name: string }>();
    await host.close();
  });

  it('type resolver params and state', () => {
    defineResolver({
      prefix: 'KV',
      params: z.object({ version: z.coerce.number() }),
      setup: () => ({ client: 'c' }),
      resolve(value, ctx) {
        expectTypeOf(value).toBeString();
        expectTypeOf(ctx.params.version).toBeNumber();
        expectTypeOf(ctx.state.client).toBeString();
        expectTypeOf(ctx.onUpdate).toBeFunction();
        return value;
      },
    });
  });
});
