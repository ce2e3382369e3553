import { dialectOf, type StorageMigration } from '@plugboard/web';

/** Applied in name order, once per database; the index came in a second release. */
export const migrations: Record<string, StorageMigration> = {
  '001-create-notes': {
    async up(db) {
      await db.schema
        .createTable('notes')
        // SQLite numbers an `integer primary key` itself; Postgres needs an identity column.
        .addColumn('id', 'integer', (c) =>
          dialectOf(db) === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
        )
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '002-index-created-at': {
    async up(db) {
      await db.schema.createIndex('notes_created_at').on('notes').column('created_at').execute();
    },
  },
};
