import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import { LibsqlDialect } from './libsql-dialect.js';
import { migrate, type StoreSchema } from './schema.js';

/** The advisory lock key migrations hold on Postgres (any fixed number: "plug" in ASCII). */
const MIGRATION_LOCK = 0x706c7567;

/** `postgres://…` opens Postgres; anything else is a libsql file (or `:memory:`). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** A URL with its password replaced, for messages. */
export function redactUrl(location: string): string {
  return location.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/**
 * Open (and migrate) the run store. The embedded default is libsql: its prebuilt binary
 * ships inside a registry package, it opens in milliseconds, and kysely speaks to it and
 * to the scale-out Postgres alike (bench/results/workflow.md has the figures).
 */
export async function openDatabase(location: string): Promise<Kysely<StoreSchema>> {
  let db: Kysely<StoreSchema> | undefined;
  try {
    if (isPostgresUrl(location)) {
      const pg = await import('pg');
      const pool = new pg.default.Pool({ connectionString: location, max: 4, connectionTimeoutMillis: 5000 });
      // An idle connection the server drops (a restart, a failover) is an 'error' event on the
      // pool; unhandled, it would end the process. The pool replaces it; the next query reports.
      pool.on('error', () => {});
      db = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) });
      // `CREATE TABLE IF NOT EXISTS` races in Postgres (two workers on an empty database:
      // a duplicate pg_type key), so migrations run one at a time under an advisory lock.
      await db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
        await migrate(tx);
      });
      return db;
    } else {
      const { createClient } = await import('@libsql/client');
      if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
      const client = createClient({ url: location === ':memory:' ? ':memory:' : `file:${location}` });
      // WAL lets `flow runs list` read while a run writes; NORMAL sync is durable across a process kill.
      // The busy timeout comes first: switching to WAL takes a lock that another process opening
      // the same new file may hold for a moment (two `flow worker`s started together).
      if (location !== ':memory:') {
        await client.execute('PRAGMA busy_timeout=5000');
        await client.execute('PRAGMA journal_mode=WAL');
      }
      await client.execute('PRAGMA synchronous=NORMAL');
      db = new Kysely<StoreSchema>({ dialect: new LibsqlDialect(client) });
    }
    await migrate(db);
    return db;
  } catch (error) {
    await db?.destroy().catch(() => {});
    throw new WorkflowError(
      WorkflowErrorCodes.STORE_FAILED,
      `cannot open the run store at ${redactUrl(location)}: ${error instanceof Error ? error.message : String(error)}. Check the path or URL (and that the server is up).`,
      { cause: error },
    );
  }
}
