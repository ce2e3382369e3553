import { type Kysely, sql } from 'kysely';
import type { StageRecord } from '../engine/events.js';
import type { StoreSchema } from './schema.js';

const COLUMNS = 'run_id, stage, idx, state, attempts, started_at, finished_at, result, error, version';
const UPSERT = sql.raw(`on conflict (run_id, stage, idx) do update set state = excluded.state,
  attempts = excluded.attempts, started_at = excluded.started_at, finished_at = excluded.finished_at,
  result = excluded.result, error = excluded.error, version = excluded.version`);
const SQLITE_ROW = sql.raw(Array.from({ length: 10 }, (_, i) => `value ->> ${i}`).join(', '));
const POSTGRES_ROW = sql.raw(
  'r ->> 0, r ->> 1, (r ->> 2)::integer, r ->> 3, (r ->> 4)::integer, (r ->> 5)::bigint, (r ->> 6)::bigint, r ->> 7, r ->> 8, r ->> 9',
);

/** One record as a JSON array in column order; result and error already JSON text. */
function row(runId: string, r: StageRecord): unknown[] {
  return [
    runId,
    r.stage,
    r.index,
    r.state,
    r.attempts,
    r.startedAt,
    r.finishedAt,
    r.result === undefined ? null : JSON.stringify(r.result),
    r.error ? JSON.stringify(r.error) : null,
    r.version,
  ];
}

/**
 * Upsert finished-stage records in one statement with one parameter: the rows as a JSON
 * array, unpacked by the database (json_each on SQLite, json_array_elements on Postgres).
 * One statement is atomic without a transaction. A multi-row VALUES insert through the
 * query builder cost about twice as much per row (a node per value to build and compile,
 * ten placeholders per row to bind).
 */
export async function writeStageRecords(
  db: Kysely<StoreSchema>,
  postgres: boolean,
  batch: ReadonlyArray<readonly [runId: string, record: StageRecord]>,
): Promise<void> {
  const rows = JSON.stringify(batch.map(([runId, r]) => row(runId, r)));
  const query = postgres
    ? sql`insert into plugboard_stage_runs (${sql.raw(COLUMNS)})
        select ${POSTGRES_ROW} from json_array_elements(${rows}::json) as t(r) ${UPSERT}`
    : // "where true" keeps SQLite from reading "on conflict" as part of the select's join.
      sql`insert into plugboard_stage_runs (${sql.raw(COLUMNS)})
        select ${SQLITE_ROW} from json_each(${rows}) where true ${UPSERT}`;
  await query.execute(db);
}
