import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import type { ResolvedTarget, StageTask } from '../types.js';

/**
 * What a stage job carries. The task's own fields always; what every job of a run shares
 * (its folder, its input, each stage's target and timeout) is written once per run to a
 * hash in Redis, the run's spec, and the job names it (`spec`). A job without `spec`
 * carries all of it inline: jobs re-added by the host's re-read, and jobs of older hosts.
 */
export interface StageJobData {
  runId: string;
  stage: string;
  index?: number | undefined;
  attempt: number;
  input: unknown;
  /** Id of the run's spec hash (see `specKey`). */
  spec?: string | undefined;
  target?: ResolvedTarget | undefined;
  baseDir?: string | undefined;
  workflowInput?: unknown;
  timeoutMs?: number | undefined;
}

/** What a spec holds for one stage of a run: everything of a task but its own fields. */
export type StageSpec = Pick<StageTask, 'target' | 'baseDir' | 'workflowInput' | 'timeoutMs'>;

/** The hash of a run's spec: field `run` = { baseDir, workflowInput }, one field per stage = { target, timeoutMs }. */
export const specKey = (prefix: string, queue: string, id: string) => `${prefix}:${queue}:spec:${id}`;

/** Specs live this long after their run last added a job (a queued job needs its spec). */
export const SPEC_TTL_SECONDS = 7 * 24 * 3600;

/** Runs whose spec this host remembers; one evicted is written again under a new id. */
const REMEMBERED_RUNS = 1000;

interface RunSpec {
  id: string;
  baseDir: string;
  workflowInput: unknown;
  /** Fields not yet sent to Redis, by name, as JSON. */
  unsent: Map<string, string>;
  stages: Map<string, { target: ResolvedTarget; timeoutMs: number | undefined }>;
}

/** The specs one chunk of jobs refers to. */
export type SpecBatch = Set<RunSpec>;

/** The host side: turns tasks into slim jobs and writes each run's spec before its first jobs. */
export function specWriter(prefix: string, queue: string) {
  const token = randomUUID().slice(0, 8);
  let count = 0;
  const runs = new Map<string, RunSpec>();
  const fresh = (task: StageTask): RunSpec => {
    const spec: RunSpec = {
      id: `${task.runId}.${token}.${count++}`,
      baseDir: task.baseDir,
      workflowInput: task.workflowInput,
      unsent: new Map([
        ['run', JSON.stringify({ baseDir: task.baseDir, workflowInput: task.workflowInput })],
      ]),
      stages: new Map(),
    };
    runs.delete(task.runId);
    runs.set(task.runId, spec);
    if (runs.size > REMEMBERED_RUNS) runs.delete(runs.keys().next().value as string);
    return spec;
  };
  /** The run's spec, made anew when the task does not match it (another input or target: a resume in this process). */
  const specOf = (task: StageTask): RunSpec => {
    let spec = runs.get(task.runId);
    if (!spec || spec.baseDir !== task.baseDir || spec.workflowInput !== task.workflowInput)
      spec = fresh(task);
    const stage = spec.stages.get(task.stage);
    if (stage && (stage.target !== task.target || stage.timeoutMs !== task.timeoutMs)) spec = fresh(task);
    if (!spec.stages.has(task.stage)) {
      spec.stages.set(task.stage, { target: task.target, timeoutMs: task.timeoutMs });
      spec.unsent.set(task.stage, JSON.stringify({ target: task.target, timeoutMs: task.timeoutMs }));
    }
    return spec;
  };
  return {
    /** The job for a task; `sent` collects the specs its chunk must write or keep alive. */
    job(task: StageTask, sent: SpecBatch): StageJobData {
      const spec = specOf(task);
      sent.add(spec);
      return {
        runId: task.runId,
        stage: task.stage,
        index: task.index,
        attempt: task.attempt,
        input: task.input,
        spec: spec.id,
      };
    },
    /**
     * Send the chunk's spec fields not sent yet, and renew the specs' expiry. The caller
     * adds the chunk's jobs once this resolves, so a worker never sees a job before its
     * spec; a chunk with nothing new does not wait (expiry only). Fields whose write
     * failed are sent again with the next chunk.
     */
    async write(client: Redis, sent: SpecBatch): Promise<void> {
      const pipeline = client.pipeline();
      const fields: Array<[RunSpec, Map<string, string>]> = [];
      for (const spec of sent) {
        const key = specKey(prefix, queue, spec.id);
        if (spec.unsent.size > 0) {
          pipeline.hset(key, Object.fromEntries(spec.unsent));
          fields.push([spec, spec.unsent]);
          spec.unsent = new Map();
        }
        pipeline.expire(key, SPEC_TTL_SECONDS);
      }
      const done = pipeline.exec();
      if (fields.length === 0) {
        done.catch(() => {});
        return;
      }
      try {
        const replies = (await done) ?? [];
        const failed = replies.find(([error]) => error)?.[0];
        if (failed) throw failed;
      } catch (error) {
        for (const [spec, unsent] of fields)
          for (const [k, v] of unsent) if (!spec.unsent.has(k)) spec.unsent.set(k, v);
        throw error;
      }
    },
  };
}

/** Specs a worker keeps parsed, by spec id and stage. */
const CACHED_STAGES = 2000;

/** The worker side: the stage part of a task, from the job inline or from its run's spec (cached). */
export function specReader(redis: Redis, prefix: string, queue: string) {
  const cache = new Map<string, StageSpec | Promise<StageSpec>>();
  const runs = new Map<string, { baseDir: string; workflowInput: unknown }>();
  const fetch = async (id: string, stage: string): Promise<StageSpec> => {
    const known = runs.get(id);
    const key = specKey(prefix, queue, id);
    const [run, fields] = known
      ? [known, await redis.hget(key, stage)]
      : await redis.hmget(key, 'run', stage).then(([r, s]) => [r ? JSON.parse(r) : undefined, s] as const);
    if (!run || !fields) {
      throw new WorkflowError(
        WorkflowErrorCodes.TARGET_LOAD_FAILED,
        `stage "${stage}": its run's spec (target, folder, run input) is not in Redis at ${key}; it expires ${SPEC_TTL_SECONDS / 86_400} days after the run last added a job. Resume the run to send it again.`,
        { stage },
      );
    }
    if (!known) {
      runs.set(id, run);
      if (runs.size > CACHED_STAGES) runs.delete(runs.keys().next().value as string);
    }
    const { target, timeoutMs } = JSON.parse(fields) as Pick<StageSpec, 'target' | 'timeoutMs'>;
    return { target, timeoutMs, baseDir: run.baseDir, workflowInput: run.workflowInput };
  };
  return {
    /** The spec of a job's stage: a value when cached (no await on the hot path), else a promise. */
    of(data: StageJobData): StageSpec | Promise<StageSpec> {
      if (!data.spec) {
        return {
          target: data.target as ResolvedTarget,
          baseDir: data.baseDir as string,
          workflowInput: data.workflowInput,
          timeoutMs: data.timeoutMs,
        };
      }
      const k = `${data.spec}\0${data.stage}`;
      const hit = cache.get(k);
      if (hit) return hit;
      const pending = fetch(data.spec, data.stage).then(
        (spec) => {
          cache.set(k, spec);
          return spec;
        },
        (error: unknown) => {
          cache.delete(k);
          throw error;
        },
      );
      cache.set(k, pending);
      if (cache.size > CACHED_STAGES) cache.delete(cache.keys().next().value as string);
      return pending;
    },
  };
}
