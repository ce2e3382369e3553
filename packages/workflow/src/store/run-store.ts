import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { WorkflowDefinition } from '../definition/schema.js';
import type { RunState, StageRecord } from '../engine/events.js';
import type { EncodedError } from '../engine/serialize.js';
import { isPostgresUrl, openDatabase } from './open.js';
import type { StoreSchema } from './schema.js';
import { writeStageRecords } from './stage-records.js';
import { type TriggerRecord, TriggerStore } from './triggers.js';

/** A run as the store keeps it. */
export interface RunRecord {
  id: string;
  workflow: string;
  file: string;
  definition: WorkflowDefinition;
  input: unknown;
  executor: { target: string; [key: string]: unknown };
  state: RunState;
  error: EncodedError | undefined;
  output: unknown;
  /** `host:pid` of the process running it. */
  owner: string;
  heartbeatAt: number;
  cancelRequested: boolean;
  createdAt: number;
  finishedAt: number | undefined;
}

export type NewRun = Pick<RunRecord, 'id' | 'workflow' | 'file' | 'definition' | 'input' | 'executor'>;

export interface OpenRunStoreOptions {
  /** A libsql file, `:memory:`, or a `postgres://` URL. */
  location: string;
  /** Buffer finished-stage records this long and write them in one transaction (0: write each at once). Default 20 ms. */
  flushMs?: number;
}

/** This process, as run owners are written. */
export const SELF = `${hostname()}:${process.pid}`;

const num = (v: number | string | null): number => (v === null ? 0 : Number(v));
const json = (v: string | null): unknown => (v === null ? undefined : JSON.parse(v));

function alive(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname()) return true; // another machine: only the heartbeat can tell
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Durable run records: runs, finished stages (per map item), triggers. */
export class RunStore {
  readonly triggers: TriggerStore;
  readonly #db: Kysely<StoreSchema>;
  readonly #flushMs: number;
  readonly #postgres: boolean;
  #buffer: Array<[runId: string, record: StageRecord]> = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  private constructor(db: Kysely<StoreSchema>, postgres: boolean, flushMs: number) {
    this.#db = db;
    this.#postgres = postgres;
    this.#flushMs = flushMs;
    this.triggers = new TriggerStore(db);
  }

  static async open(options: OpenRunStoreOptions): Promise<RunStore> {
    const db = await openDatabase(options.location);
    return new RunStore(db, isPostgresUrl(options.location), options.flushMs ?? 20);
  }

  async createRun(run: NewRun): Promise<void> {
    const now = Date.now();
    await this.#db
      .insertInto('plugboard_runs')
      .values({
        id: run.id,
        workflow: run.workflow,
        file: run.file,
        definition: JSON.stringify(run.definition),
        input: JSON.stringify(run.input ?? null),
        executor: JSON.stringify(run.executor),
        state: 'running',
        owner: SELF,
        heartbeat_at: now,
        cancel_requested: 0,
        created_at: now,
      })
      .execute();
  }

  /** Take a run over (resume): running again, owned by this process. */
  async claim(id: string, executor: RunRecord['executor']): Promise<void> {
    await this.#db
      .updateTable('plugboard_runs')
      .set({
        state: 'running',
        owner: SELF,
        heartbeat_at: Date.now(),
        cancel_requested: 0,
        error: null,
        finished_at: null,
        executor: JSON.stringify(executor),
      })
      .where('id', '=', id)
      .execute();
  }

  async finishRun(id: string, state: RunState, output: unknown, error?: EncodedError): Promise<void> {
    await this.flush();
    await this.#db
      .updateTable('plugboard_runs')
      .set({
        state,
        output: output === undefined ? null : JSON.stringify(output),
        error: error ? JSON.stringify(error) : null,
        finished_at: Date.now(),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Keep the run alive for `markInterrupted` on other machines; answers whether a cancel was asked for. */
  async heartbeat(id: string): Promise<{ cancelRequested: boolean }> {
    await this.#db
      .updateTable('plugboard_runs')
      .set({ heartbeat_at: Date.now() })
      .where('id', '=', id)
      .execute();
    const row = await this.#db
      .selectFrom('plugboard_runs')
      .select('cancel_requested')
      .where('id', '=', id)
      .executeTakeFirst();
    return { cancelRequested: num(row?.cancel_requested ?? 0) === 1 };
  }

  async requestCancel(id: string): Promise<void> {
    await this.#db.updateTable('plugboard_runs').set({ cancel_requested: 1 }).where('id', '=', id).execute();
  }

  /** Mark runs whose process died `interrupted`: owner pid gone on this host, or no heartbeat for `staleMs`. */
  async markInterrupted(staleMs = 15_000): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('plugboard_runs')
      .select(['id', 'owner', 'heartbeat_at'])
      .where('state', '=', 'running')
      .execute();
    const dead = rows
      .filter((r) => r.owner !== SELF && (!alive(r.owner) || Date.now() - num(r.heartbeat_at) > staleMs))
      .map((r) => r.id);
    if (dead.length)
      await this.#db
        .updateTable('plugboard_runs')
        .set({ state: 'interrupted' })
        .where('id', 'in', dead)
        .execute();
    return dead;
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = await this.#db
      .selectFrom('plugboard_runs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRun(row);
  }

  async listRuns(limit = 50): Promise<RunRecord[]> {
    const rows = await this.#db
      .selectFrom('plugboard_runs')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRun);
  }

  /** Queue a finished stage for writing (flushed within `flushMs`, and before a run finishes). */
  record(runId: string, record: StageRecord): void {
    this.#buffer.push([runId, record]);
    if (this.#flushMs === 0) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Write buffered stage records in one statement. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#writing = this.#writing.then(() =>
      batch.length ? writeStageRecords(this.#db, this.#postgres, batch) : undefined,
    );
    return this.#writing;
  }

  async stageRecords(runId: string): Promise<StageRecord[]> {
    const rows = await this.#db
      .selectFrom('plugboard_stage_runs')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('started_at')
      .execute();
    return rows.map((r) => ({
      stage: r.stage,
      index: num(r.idx),
      state: r.state as StageRecord['state'],
      attempts: num(r.attempts),
      startedAt: num(r.started_at),
      finishedAt: num(r.finished_at),
      result: json(r.result),
      error: json(r.error) as EncodedError | undefined,
      version: r.version,
    }));
  }

  async close(): Promise<void> {
    await this.flush();
    await this.#db.destroy();
  }
}

export type { TriggerRecord };

function toRun(row: StoreSchema['plugboard_runs']): RunRecord {
  return {
    id: row.id,
    workflow: row.workflow,
    file: row.file,
    definition: JSON.parse(row.definition) as WorkflowDefinition,
    input: JSON.parse(row.input),
    executor: JSON.parse(row.executor) as RunRecord['executor'],
    state: row.state as RunState,
    error: json(row.error) as EncodedError | undefined,
    output: json(row.output),
    owner: row.owner,
    heartbeatAt: num(row.heartbeat_at),
    cancelRequested: num(row.cancel_requested) === 1,
    createdAt: num(row.created_at),
    finishedAt: row.finished_at === null ? undefined : num(row.finished_at),
  };
}
