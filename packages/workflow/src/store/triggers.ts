import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';

/** A stored trigger: a cron schedule or an event rule that starts a workflow with an input. */
export interface TriggerRecord {
  id: string;
  kind: 'cron' | 'event';
  /** Absolute path of the workflow file. */
  workflow: string;
  /** Cron pattern, or the event rule `{ event, where }`. */
  spec: string | { event: string; where?: Record<string, unknown> | undefined };
  input: unknown;
  executor: { target: string; [key: string]: unknown } | undefined;
  createdAt: number;
}

export class TriggerStore {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  async add(trigger: Omit<TriggerRecord, 'id' | 'createdAt'>): Promise<TriggerRecord> {
    const record: TriggerRecord = { ...trigger, id: randomUUID().slice(0, 8), createdAt: Date.now() };
    await this.db
      .insertInto('plugboard_triggers')
      .values({
        id: record.id,
        kind: record.kind,
        workflow: record.workflow,
        spec: JSON.stringify(record.spec),
        input: JSON.stringify(record.input ?? null),
        executor: record.executor ? JSON.stringify(record.executor) : null,
        created_at: record.createdAt,
      })
      .execute();
    return record;
  }

  async list(): Promise<TriggerRecord[]> {
    const rows = await this.db.selectFrom('plugboard_triggers').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as TriggerRecord['kind'],
      workflow: r.workflow,
      spec: JSON.parse(r.spec) as TriggerRecord['spec'],
      input: JSON.parse(r.input),
      executor: r.executor ? (JSON.parse(r.executor) as TriggerRecord['executor']) : undefined,
      createdAt: Number(r.created_at),
    }));
  }

  /** Whether a trigger with that id existed. */
  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('plugboard_triggers').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
