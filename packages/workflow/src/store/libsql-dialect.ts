import type { Client, InStatement } from '@libsql/client';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

// A kysely dialect over @libsql/client. @libsql/kysely-libsql 0.4 pins @libsql/client
// 0.8, two years behind the client this package uses; the driver contract is small.

class LibsqlConnection implements DatabaseConnection {
  constructor(readonly client: Client) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = { sql: query.sql, args: query.parameters as never } satisfies InStatement;
    const rs = await this.client.execute(stmt);
    const rows = rs.rows.map((row) => Object.fromEntries(rs.columns.map((c, i) => [c, row[i]]))) as R[];
    return {
      rows,
      numAffectedRows: BigInt(rs.rowsAffected),
      ...(rs.lastInsertRowid === undefined ? {} : { insertId: rs.lastInsertRowid }),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by this dialect
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('@plugboard/workflow: the libsql dialect does not stream queries.');
  }
}

/** One connection, handed out to one query or transaction at a time (SQLite has one writer anyway). */
class LibsqlDriver implements Driver {
  readonly #connection: LibsqlConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(client: Client) {
    this.#connection = new LibsqlConnection(client);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise((r) => {
      release = r;
    });
    await previous;
    this.#release = release;
    return this.#connection;
  }
  // Plain BEGIN/COMMIT on the one connection: the client's transaction() hands its
  // connection away and opens a new one, which for `:memory:` is a new, empty database.
  async beginTransaction(): Promise<void> {
    await this.#connection.client.execute('BEGIN IMMEDIATE');
  }
  async commitTransaction(): Promise<void> {
    await this.#connection.client.execute('COMMIT');
  }
  async rollbackTransaction(): Promise<void> {
    await this.#connection.client.execute('ROLLBACK');
  }
  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  async destroy(): Promise<void> {
    this.#connection.client.close();
  }
}

/** Kysely over an open @libsql/client. */
export class LibsqlDialect implements Dialect {
  constructor(readonly client: Client) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new LibsqlDriver(this.client);
  }
  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) {
    return new SqliteIntrospector(db);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
}
