import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Which SQL a migration is talking to, for the few statements that differ
 * (identity columns, JSON types): `postgres` or `sqlite` (the embedded libsql).
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any plugin database
export function dialectOf(db: Kysely<any>): 'postgres' | 'sqlite' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
