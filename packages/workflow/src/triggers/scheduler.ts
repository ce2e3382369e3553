import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Cron } from 'croner';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import type { RunStore } from '../store/run-store.js';
import type { TriggerRecord } from '../store/triggers.js';
import { type EventRule, ruleMatches } from './rules.js';

export interface NewTrigger {
  workflow: string;
  /** A cron pattern (5 or 6 fields, croner syntax), or an event rule. */
  cron?: string | undefined;
  when?: EventRule | undefined;
  input?: unknown;
  executor?: TriggerRecord['executor'];
}

/** Check and store a trigger; PB_WORKFLOW_TRIGGER_INVALID says what is wrong. */
export async function addTrigger(store: RunStore, t: NewTrigger): Promise<TriggerRecord> {
  const invalid = (why: string) =>
    new WorkflowError(WorkflowErrorCodes.TRIGGER_INVALID, `the trigger is invalid: ${why}`, {
      file: t.workflow,
    });
  if ((t.cron === undefined) === (t.when === undefined))
    throw invalid('give exactly one of a cron pattern or an event rule (when).');
  const workflow = resolve(t.workflow);
  if (!existsSync(workflow)) throw invalid(`the workflow file ${workflow} does not exist; fix the path.`);
  if (t.cron !== undefined) {
    try {
      new Cron(t.cron, { paused: true }).stop();
    } catch (error) {
      throw invalid(
        `"${t.cron}" is not a cron pattern (${error instanceof Error ? error.message : String(error)}); use e.g. "*/5 * * * *".`,
      );
    }
  } else if (!t.when?.event || typeof t.when.event !== 'string') {
    throw invalid('an event rule needs "event", e.g. { "event": "file.added", "where": { "ext": ".txt" } }.');
  }
  return store.triggers.add({
    kind: t.cron !== undefined ? 'cron' : 'event',
    workflow,
    spec: t.cron ?? (t.when as EventRule),
    input: t.input ?? {},
    executor: t.executor,
  });
}

export async function removeTrigger(store: RunStore, id: string): Promise<void> {
  if (!(await store.triggers.remove(id))) {
    throw new WorkflowError(
      WorkflowErrorCodes.TRIGGER_NOT_FOUND,
      `there is no trigger "${id}"; \`flow triggers list\` shows them.`,
    );
  }
}

export interface TriggerSchedulerOptions {
  store: RunStore;
  /** Start the trigger's workflow with this input (e.g. `host.run`). */
  start(trigger: TriggerRecord, input: unknown): Promise<unknown>;
  onError?(trigger: TriggerRecord, error: unknown): void;
}

export interface TriggerScheduler {
  /** Re-read the stored triggers (after add/remove). */
  reload(): Promise<void>;
  /** Start every event rule that matches; the input is the trigger's input plus `event: payload`. Resolves to the number started. */
  emit(event: string, payload?: unknown): Promise<number>;
  stop(): void;
}

/** Runs cron triggers (croner, with overrun protection) and event rules from the store. */
export async function createTriggerScheduler(options: TriggerSchedulerOptions): Promise<TriggerScheduler> {
  let jobs: Cron[] = [];
  let rules: TriggerRecord[] = [];
  const fire = (t: TriggerRecord, input: unknown) =>
    options.start(t, input).catch((error: unknown) => options.onError?.(t, error));
  const reload = async () => {
    for (const j of jobs) j.stop();
    const all = await options.store.triggers.list();
    jobs = all
      .filter((t) => t.kind === 'cron')
      .map(
        (t) =>
          new Cron(t.spec as string, { protect: true }, async () => {
            await fire(t, t.input);
          }),
      );
    rules = all.filter((t) => t.kind === 'event');
  };
  await reload();
  return {
    reload,
    async emit(event, payload) {
      const hits = rules.filter((t) => ruleMatches(t.spec as EventRule, event, payload));
      await Promise.all(hits.map((t) => fire(t, { ...(t.input as object), event: payload })));
      return hits.length;
    },
    stop() {
      for (const j of jobs) j.stop();
      jobs = [];
    },
  };
}
