import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { WebError, WebErrorCodes } from '../errors.js';
import { LibsqlDialect } from './libsql-dialect.js';

export interface OpenedStorage {
  // biome-ignore lint/suspicious/noExplicitAny: plugins type their own tables
  db: Kysely<any>;
  /** Postgres schema of the plugin; undefined on the embedded store (one file per plugin). */
  schema: string | undefined;
  close(): Promise<void>;
}

/** Where plugin namespaces live: one libsql file per plugin, or one Postgres schema per plugin. */
export interface StorageBackend {
  readonly dialect: 'sqlite' | 'postgres';
  open(plugin: string): Promise<OpenedStorage>;
}

export interface StorageBackendOptions {
  /** `postgres://…` for Postgres; omit for the embedded store. */
  url?: string | undefined;
  /** Folder of the embedded store's files. */
  dir: string;
}

/** The Postgres schema a plugin's tables live in. */
export const schemaOf = (plugin: string) => `plugin_${plugin.replace(/-/g, '_')}`;

export function createStorageBackend(o: StorageBackendOptions): StorageBackend {
  if (o.url === undefined) return libsqlBackend(o.dir);
  if (/^postgres(ql)?:\/\//.test(o.url)) return postgresBackend(o.url);
  throw new WebError(
    WebErrorCodes.STORAGE_URL,
    `storage URL "${o.url.replace(/\/\/[^@/]*@/, '//***@')}" is not supported; give a postgres:// URL, or none for the embedded store.`,
  );
}

/**
 * Embedded: a libsql (SQLite) file per plugin. A separate file, not a table
 * prefix, so even raw SQL of one plugin cannot name another plugin's tables.
 */
function libsqlBackend(dir: string): StorageBackend {
  return {
    dialect: 'sqlite',
    async open(plugin) {
      mkdirSync(dir, { recursive: true });
      const client = createClient({ url: `file:${join(dir, `${plugin}.db`)}` });
      // WAL (kept in the file) lets readers run beside a writer, including other processes'.
      // The busy timeout first: another instance opening the same new file holds its lock a moment.
      await client.execute('PRAGMA busy_timeout = 5000');
      await client.execute('PRAGMA journal_mode = WAL');
      const db = new Kysely<unknown>({ dialect: new LibsqlDialect(client) });
      return { db, schema: undefined, close: () => db.destroy() };
    },
  };
}

/**
 * Postgres: a schema per plugin, and a pool whose `search_path` is that schema,
 * so unqualified raw SQL lands in the plugin's namespace as well.
 */
function postgresBackend(url: string): StorageBackend {
  return {
    dialect: 'postgres',
    async open(plugin) {
      const schema = schemaOf(plugin);
      const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
      // An idle connection the server drops is an 'error' event on the pool; unhandled it would
      // end the server. The pool replaces the connection and the next query reports.
      pool.on('error', () => {});
      const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      try {
        // `create schema if not exists` races between instances starting together (a duplicate
        // pg_namespace key): one at a time, under an advisory lock keyed by the schema's name.
        await db.transaction().execute(async (tx) => {
          await sql`select pg_advisory_xact_lock(hashtext(${schema}))`.execute(tx);
          await sql`create schema if not exists ${sql.id(schema)}`.execute(tx);
        });
      } catch (error) {
        await db.destroy().catch(() => {});
        throw error;
      }
      return { db: db.withSchema(schema), schema, close: () => db.destroy() };
    },
  };
}
