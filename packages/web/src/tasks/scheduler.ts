import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { WebError, WebErrorCodes } from '../errors.js';
import type { TaskSchedule } from '../types.js';

export type TaskRun = (tick: { at: number; signal: AbortSignal }) => void | Promise<void>;

export interface TaskStats {
  runs: number;
  failed: number;
  skipped: number;
  lastRun?: number;
}

export interface ScheduleOptions {
  plugin: string;
  name: string;
  schedule: TaskSchedule;
  run: TaskRun;
  log: FastifyBaseLogger;
  /** Cross-instance lock: true when this instance should run the tick. */
  lock(key: string, ttlMs: number): Promise<boolean>;
  stats: TaskStats;
}

/** Check a schedule before anything runs, so a typo fails the plugin at initialize. */
export function checkSchedule(plugin: string, name: string, schedule: TaskSchedule): void {
  const bad = (why: string) =>
    new WebError(WebErrorCodes.TASK_INVALID, `plugin "${plugin}" task "${name}": ${why}.`, { plugin });
  if ('everyMs' in schedule) {
    if (!Number.isInteger(schedule.everyMs) || schedule.everyMs < 10)
      throw bad('"everyMs" must be an integer of at least 10');
    return;
  }
  if (!schedule || typeof schedule.cron !== 'string') throw bad('give { cron: "…" } or { everyMs: n }');
  try {
    new Cron(schedule.cron, { paused: true }).stop();
  } catch (error) {
    throw new WebError(
      WebErrorCodes.TASK_INVALID,
      `plugin "${plugin}" task "${name}": cron expression "${schedule.cron}" is invalid (${(error as Error).message}).`,
      { plugin, cause: error },
    );
  }
}

/**
 * Run a task on its schedule until the returned function is called. Every
 * instance fires at the same wall-clock tick (cron times, or multiples of
 * `everyMs` since the epoch); the one that wins the tick's lock runs it, so a
 * tick runs once across instances. A run still going when the next tick comes
 * makes that tick skip, so runs never overlap on one instance.
 */
export function scheduleTask(o: ScheduleOptions): () => Promise<void> {
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  const period = 'everyMs' in o.schedule ? o.schedule.everyMs : 1000;
  const tick = async (at: number) => {
    if (controller.signal.aborted) return;
    if (running) {
      o.stats.skipped++;
      return;
    }
    const key = `task:${o.plugin}:${o.name}:${at}`;
    if (!(await o.lock(key, Math.max(period * 5, 60_000)))) return;
    running = (async () => {
      try {
        o.stats.runs++;
        o.stats.lastRun = Date.now();
        await o.run({ at, signal: controller.signal });
      } catch (error) {
        o.stats.failed++;
        o.log.error(
          { err: error, plugin: o.plugin, task: o.name },
          `@plugboard/web: task "${o.name}" of plugin "${o.plugin}" failed.`,
        );
      } finally {
        running = undefined;
      }
    })();
    await running;
  };
  let stopTimer: () => void;
  if ('everyMs' in o.schedule) {
    const every = o.schedule.everyMs;
    let timer: NodeJS.Timeout;
    const arm = () => {
      const next = Math.ceil((Date.now() + 1) / every) * every;
      timer = setTimeout(() => {
        arm();
        void tick(next);
      }, next - Date.now());
      timer.unref?.();
    };
    arm();
    stopTimer = () => clearTimeout(timer);
  } else {
    // Cron fires a few ms after the scheduled second on every instance; the floored second is the tick id.
    const job = new Cron(
      o.schedule.cron,
      { unref: true },
      () => void tick(Math.floor(Date.now() / 1000) * 1000),
    );
    stopTimer = () => job.stop();
  }
  return async () => {
    stopTimer();
    controller.abort();
    await running;
  };
}
