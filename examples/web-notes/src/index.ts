import { defineWebPlugin, type WebContext } from '@plugboard/web';
import { migrations } from './migrations.js';

export interface NotesConfig {
  maxLength: number;
  pageSize: number;
  statsTtlMs: number;
}

interface Note {
  id: number;
  title: string;
  body: string;
  created_at: string;
}

const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;
const noteBody = {
  type: 'object',
  required: ['title'],
  additionalProperties: false,
  properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, body: { type: 'string' } },
} as const;
const noteSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: { type: 'string' },
    body: { type: 'string' },
    created_at: { type: 'string' },
  },
} as const;

/** The part of a `ws` socket the feed uses. */
interface FeedSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Open feed sockets per host (keyed by the plugin's context, so two hosts in one process stay apart). */
const feeds = new WeakMap<WebContext<NotesConfig>, Set<FeedSocket>>();
const feedOf = (ctx: WebContext<NotesConfig>) => {
  let set = feeds.get(ctx);
  if (!set) {
    set = new Set();
    feeds.set(ctx, set);
  }
  return set;
};

const notFound = (id: number) =>
  Object.assign(new Error(`note ${id} does not exist`), { statusCode: 404, name: 'Not Found' });

async function publish(ctx: WebContext<NotesConfig>, topic: string, note: Partial<Note>) {
  await ctx.cache.delete('stats');
  await ctx.events.publish(topic, { id: note.id, title: note.title });
}

/** Notes CRUD: storage with migrations and a seed, `notes.*` events, a websocket feed and a stats widget. */
export const notes = defineWebPlugin<NotesConfig>({
  name: 'notes',
  storage: {
    migrations,
    async seed(db) {
      await db
        .insertInto('notes')
        .values({ title: 'Welcome', body: 'Your first note.', created_at: new Date().toISOString() })
        .execute();
    },
  },
  events: {
    // Forward every note change, from any instance, to this instance's feed sockets.
    'notes.*': (event, ctx) => {
      const message = JSON.stringify({ topic: event.topic, ...(event.payload as object) });
      for (const socket of feedOf(ctx)) socket.send(message);
    },
  },
  health: async (ctx) => {
    await ctx.storage.db.selectFrom('notes').select('id').limit(1).execute();
    return { ok: true };
  },
  routes(app, ctx) {
    const db = ctx.storage.db;
    app.get('/', { schema: { response: { 200: { type: 'array', items: noteSchema } } } }, async () =>
      db.selectFrom('notes').selectAll().orderBy('id', 'desc').limit(ctx.config.pageSize).execute(),
    );
    app.post<{ Body: { title: string; body?: string } }>(
      '/',
      { schema: { body: noteBody, response: { 201: noteSchema } } },
      async (req, reply) => {
        const body = req.body.body ?? '';
        if (body.length > ctx.config.maxLength)
          return reply.code(400).send({
            statusCode: 400,
            error: 'Bad Request',
            message: `body is longer than ${ctx.config.maxLength} characters`,
          });
        const note = await db
          .insertInto('notes')
          .values({ title: req.body.title, body, created_at: new Date().toISOString() })
          .returningAll()
          .executeTakeFirstOrThrow();
        await publish(ctx, 'notes.created', note);
        return reply.code(201).send(note);
      },
    );
    app.get<{ Params: { id: number } }>(
      '/:id',
      { schema: { params: idParams, response: { 200: noteSchema } } },
      async (req) => {
        const note = await db
          .selectFrom('notes')
          .selectAll()
          .where('id', '=', req.params.id)
          .executeTakeFirst();
        if (!note) throw notFound(req.params.id);
        return note;
      },
    );
    app.put<{ Params: { id: number }; Body: { title: string; body?: string } }>(
      '/:id',
      { schema: { params: idParams, body: noteBody, response: { 200: noteSchema } } },
      async (req) => {
        const note = await db
          .updateTable('notes')
          .set({ title: req.body.title, body: req.body.body ?? '' })
          .where('id', '=', req.params.id)
          .returningAll()
          .executeTakeFirst();
        if (!note) throw notFound(req.params.id);
        await publish(ctx, 'notes.updated', note);
        return note;
      },
    );
    app.delete<{ Params: { id: number } }>('/:id', { schema: { params: idParams } }, async (req, reply) => {
      const result = await db.deleteFrom('notes').where('id', '=', req.params.id).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound(req.params.id);
      await publish(ctx, 'notes.deleted', { id: req.params.id });
      return reply.code(204).send();
    });
    // The dashboard widget (`kind: stat`); cached, and invalidated by every write.
    app.get('/stats', async () => {
      const cached = await ctx.cache.get<{ value: number; label: string }>('stats');
      if (cached) return cached;
      const row = await db
        .selectFrom('notes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const stats = { value: Number(row.n), label: 'notes in storage' };
      await ctx.cache.set('stats', stats, ctx.config.statsTtlMs);
      return stats;
    });
    app.get('/feed', { websocket: true }, (socket) => {
      feedOf(ctx).add(socket);
      socket.on('close', () => feedOf(ctx).delete(socket));
    });
  },
  shutdown(ctx) {
    for (const socket of feedOf(ctx)) socket.close(1001, 'notes plugin shutting down');
    feeds.delete(ctx);
  },
});

export default notes;
