import { defineWebPlugin } from '@plugboard/web';

interface Config {
  greeting: string;
}

/**
 * Routes under /api/{{pluginName}}: POST /greet stores a greeting and publishes
 * `{{pluginName}}.greeted`; GET /stats feeds the dashboard widget. Permissions,
 * config defaults and the widget are declared in package.json (`plugboard.web`).
 */
export default defineWebPlugin<Config>({
  name: '{{pluginName}}',
  storage: {
    migrations: {
      '001-create-greetings': {
        async up(db) {
          await db.schema
            .createTable('greetings')
            .addColumn('name', 'text', (c) => c.notNull())
            .addColumn('at', 'text', (c) => c.notNull())
            .execute();
        },
      },
    },
  },
  routes(app, ctx) {
    app.post<{ Body: { name: string } }>(
      '/greet',
      {
        schema: {
          body: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
        },
      },
      async (req) => {
        await ctx.storage.db.insertInto('greetings').values({ name: req.body.name, at: new Date().toISOString() }).execute();
        await ctx.events.publish('{{pluginName}}.greeted', { name: req.body.name });
        return { message: `${ctx.config.greeting}, ${req.body.name}!` };
      },
    );
    app.get('/stats', async () => {
      const row = await ctx.storage.db
        .selectFrom('greetings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { value: Number(row.n), label: 'greetings' };
    });
  },
});
