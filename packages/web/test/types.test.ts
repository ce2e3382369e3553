import type { FastifyInstance } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineWebPlugin, type WebContext, type WebPlugin } from '../src/index.js';

describe('defineWebPlugin types', () => {
  it('types ctx.config from configSchema', () => {
    const p = defineWebPlugin({
      name: 'typed',
      configSchema: z.object({ port: z.number(), host: z.string() }),
      routes(app, ctx) {
        expectTypeOf(app).toEqualTypeOf<FastifyInstance>();
        expectTypeOf(ctx.config.port).toEqualTypeOf<number>();
        // @ts-expect-error not in the schema
        ctx.config.missing;
      },
      initialize(ctx) {
        expectTypeOf(ctx).toEqualTypeOf<WebContext<{ port: number; host: string }>>();
      },
    });
    expectTypeOf(p).toEqualTypeOf<WebPlugin<{ port: number; host: string }>>();
  });

  it('takes the config type as a type argument without a schema', () => {
    defineWebPlugin<{ pageSize: number }>({
      name: 'generic',
      tasks: {
        sweep: {
          schedule: { cron: '0 * * * *' },
          run(ctx, tick) {
            expectTypeOf(ctx.config.pageSize).toEqualTypeOf<number>();
            expectTypeOf(tick.signal).toEqualTypeOf<AbortSignal>();
          },
        },
      },
    });
  });

  it('checks metadata, schedules and hooks at compile time', () => {
    // Never called: these only have to fail the type check (the runtime checks are in errors.test.ts).
    const wrong = () => {
      // @ts-expect-error unknown permission
      defineWebPlugin({ name: 'x', meta: { permissions: ['root'] } });
      // @ts-expect-error a schedule needs cron or everyMs
      defineWebPlugin({ name: 'x', tasks: { t: { schedule: { every: 5 }, run() {} } } });
      // @ts-expect-error hooks are functions
      defineWebPlugin({ name: 'x', initialize: 'soon' });
    };
    expectTypeOf(wrong).toBeFunction();
    defineWebPlugin({
      name: 'x',
      meta: { category: 'my-own-category', ui: { widgets: [{ id: 'w', title: 'W', endpoint: '/w' }] } },
    });
  });

  it('types services and cache by type argument', () => {
    defineWebPlugin({
      name: 'svc',
      async initialize(ctx) {
        expectTypeOf(ctx.services.get<{ ping(): string }>('p').ping()).toEqualTypeOf<string>();
        expectTypeOf(await ctx.cache.get<number>('n')).toEqualTypeOf<number | undefined>();
      },
    });
  });
});
