import type { Client, InValue, Transaction } from '@libsql/client';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/**
 * A kysely dialect over @libsql/client. `@libsql/kysely-libsql` pins
 * @libsql/client 0.8 (two years older than the client's prebuilt binaries we
 * install), so this is the few lines it would give us: one logical connection,
 * used by one query or transaction at a time, like kysely's own SQLite driver.
 */
export class LibsqlDialect implements Dialect {
  constructor(private readonly client: Client) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new LibsqlDriver(this.client);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  // biome-ignore lint/suspicious/noExplicitAny: kysely's own signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class LibsqlDriver implements Driver {
  private readonly connection: LibsqlConnection;
  /** Serialises users of the single connection (a transaction holds it until commit). */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly client: Client) {
    this.connection = new LibsqlConnection(client);
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise((resolve) => (release = resolve));
    await previous;
    this.connection.release = release;
    return this.connection;
  }
  async beginTransaction(c: DatabaseConnection) {
    // The client pools connections: a transaction must own one, which `transaction()` does.
    (c as LibsqlConnection).tx = await this.client.transaction('write');
  }
  async commitTransaction(c: DatabaseConnection) {
    await (c as LibsqlConnection).end('commit');
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await (c as LibsqlConnection).end('rollback');
  }
  async releaseConnection(c: DatabaseConnection) {
    (c as LibsqlConnection).release();
  }
  async destroy() {
    this.client.close();
  }
}

class LibsqlConnection implements DatabaseConnection {
  release: () => void = () => {};
  tx: Transaction | undefined;
  constructor(private readonly client: Client) {}

  async end(how: 'commit' | 'rollback') {
    const tx = this.tx;
    this.tx = undefined;
    if (how === 'commit') await tx?.commit();
    else await tx?.rollback();
    tx?.close();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await (this.tx ?? this.client).execute({
      sql: query.sql,
      args: query.parameters as InValue[],
    });
    // Rows come back as array-likes with named columns; kysely wants plain objects.
    const rows = result.rows.map((row) => {
      const out: Record<string, unknown> = {};
      result.columns.forEach((col, i) => {
        out[col] = row[i];
      });
      return out as R;
    });
    return {
      rows,
      numAffectedRows: BigInt(result.rowsAffected),
      ...(result.lastInsertRowid === undefined ? {} : { insertId: result.lastInsertRowid }),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by the libsql client; say so
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('@plugboard/web: streaming queries are not supported on the embedded libsql store.');
  }
}
