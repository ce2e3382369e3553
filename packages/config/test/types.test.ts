import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
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
    const arkConfig = await loadConfig({
      plugins: false,
      logger: quiet,
      environment: {},
      defaults: { retries: 3 },
      schema: type({ retries: 'number.integer' }),
    });
    expectTypeOf(arkConfig).toEqualTypeOf<{ retries: number }>();
    expect(arkConfig).toEqual({ retries: 3 });
  });

  it('report failures from every Standard Schema library with the key path', async () => {
    for (const schema of [
      z.object({ port: z.number() }),
      v.object({ port: v.number() }),
      type({ port: 'number' }),
    ]) {
      const failed = await loadConfig({
        plugins: false,
        logger: quiet,
        environment: {},
        defaults: { port: 'x' },
        schema,
      }).catch((e: unknown) => e);
      expect(failed).toMatchObject({ code: 'PB_CONFIG_SCHEMA', message: expect.stringContaining('port') });
    }
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
