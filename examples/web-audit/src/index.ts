import { defineWebPlugin, dialectOf, type WebContext } from '@plugboard/web';

export interface AuditEntry {
  id: number;
  topic: string;
  subject: string;
  instance: string;
  at: string;
}

/** What `ctx.services.get<AuditService>('audit')` gives consumers. */
export interface AuditService {
  recent(limit?: number): Promise<AuditEntry[]>;
  countByTopic(): Promise<Record<string, number>>;
}

/** The service over this plugin's own storage (consumers never touch the table itself). */
function auditService(ctx: WebContext<{ recent: number }>): AuditService {
  const db = ctx.storage.db;
  return {
    recent: (limit = ctx.config.recent) =>
      db.selectFrom('entries').selectAll().orderBy('id', 'desc').limit(limit).execute() as Promise<
        AuditEntry[]
      >,
    async countByTopic() {
      const rows = await db
        .selectFrom('entries')
        .select(['topic', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('topic')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.topic, Number(r.n)]));
    },
  };
}

/** Subscribes to `notes.*`, keeps an audit trail in its own storage, and provides the `audit` service. */
export const audit = defineWebPlugin<{ recent: number }>({
  name: 'audit',
  storage: {
    migrations: {
      '001-create-entries': {
        async up(db) {
          await db.schema
            .createTable('entries')
            .addColumn('id', 'integer', (c) =>
              dialectOf(db) === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
            )
            .addColumn('topic', 'text', (c) => c.notNull())
            .addColumn('subject', 'text', (c) => c.notNull())
            .addColumn('instance', 'text', (c) => c.notNull())
            .addColumn('at', 'text', (c) => c.notNull())
            .execute();
          await db.schema.createIndex('entries_topic').on('entries').column('topic').execute();
        },
      },
    },
  },
  events: {
    'notes.*': async (event, ctx) => {
      const payload = (event.payload ?? {}) as { id?: number; title?: string };
      await ctx.storage.db
        .insertInto('entries')
        .values({
          topic: event.topic,
          subject: payload.title ?? `note ${payload.id ?? '?'}`,
          instance: event.instance,
          at: new Date(event.at).toISOString(),
        })
        .execute();
    },
  },
  initialize(ctx) {
    ctx.services.provide('audit', auditService(ctx));
  },
  routes(app, ctx) {
    const service = auditService(ctx);
    app.get('/entries', async () => service.recent(100));
    // The dashboard widget (`kind: list`).
    app.get('/recent', async () =>
      (await service.recent()).map((e) => ({ label: e.topic, value: e.subject })),
    );
  },
});

export default audit;
