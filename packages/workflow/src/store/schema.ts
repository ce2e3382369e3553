import type { Kysely } from 'kysely';

/** Tables of the run store; the same SQL runs on libsql (SQLite) and Postgres. */
export interface RunTable {
  id: string;
  workflow: string;
  file: string;
  definition: string;
  input: string;
  executor: string;
  state: string;
  error: string | null;
  output: string | null;
  owner: string;
  heartbeat_at: number | string;
  cancel_requested: number;
  created_at: number | string;
  finished_at: number | string | null;
}

export interface StageRunTable {
  run_id: string;
  stage: string;
  idx: number;
  state: string;
  attempts: number;
  started_at: number | string;
  finished_at: number | string;
  result: string | null;
  error: string | null;
  version: string;
}

export interface TriggerTable {
  id: string;
  kind: string;
  workflow: string;
  spec: string;
  input: string;
  executor: string | null;
  created_at: number | string;
}

export interface StoreSchema {
  plugboard_runs: RunTable;
  plugboard_stage_runs: StageRunTable;
  plugboard_triggers: TriggerTable;
}

/** Create the tables when missing (idempotent; every open runs it). */
export async function migrate(db: Kysely<StoreSchema>): Promise<void> {
  await db.schema
    .createTable('plugboard_runs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workflow', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('executor', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('output', 'text')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createTable('plugboard_stage_runs')
    .ifNotExists()
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('version', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plugboard_stage_runs_pk', ['run_id', 'stage', 'idx'])
    .execute();
  await db.schema
    .createTable('plugboard_triggers')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('workflow', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('executor', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
