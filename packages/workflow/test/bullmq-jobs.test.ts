import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRedis } from '@plugboard/testing';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpecBatch, specWriter } from '../src/executors/spec.js';
import {
  createWorkflowWorker,
  type StageJobData,
  TargetResolver,
  type WorkflowWorker,
} from '../src/index.js';
import type { StageTask } from '../src/types.js';
import { memoryHost, workspace } from './helpers.js';

// What a stage job carries (its own fields, the rest by reference to its run's spec) and
// how results come back (small ones in the notice, large ones read from the job hash).
const ws = workspace();
const host = await memoryHost(ws.dir);
let redis: Awaited<ReturnType<typeof startRedis>>;
let worker: WorkflowWorker;
let queue: Queue;
let client: Redis;
const name = 'jobs';
const executor = () => ({ target: 'bullmq', connection: redis.url, queue: name });
const stage = (stageName: string, target: string, extra = '') =>
  `  - name: ${stageName}\n    target: ./stages.mjs#${target}\n${extra}`;

beforeAll(async () => {
  redis = await startRedis();
  worker = await createWorkflowWorker({
    connection: redis.url,
    queue: name,
    resolver: new TargetResolver(),
    concurrency: 4,
  });
  client = new Redis(redis.url);
  queue = new Queue(name, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: 'pb' });
});
afterAll(async () => {
  client?.disconnect();
  await queue?.close();
  await worker?.close(true);
  await host.close();
  await redis?.stop();
});

const jobData = async (jobId: string) => {
  const raw = await client.hget(`pb:${name}:${jobId}`, 'data');
  return { text: raw ?? '', data: JSON.parse(raw ?? '{}') as StageJobData };
};

describe('bullmq stage jobs', () => {
  it("carry their own fields and name the run's spec, not the run input or the target", async () => {
    const file = ws.write(
      'spec.yaml',
      `name: spec\nstages:\n${stage('nums', 'numbers')}${stage('tag', 'tagged', '    type: parameterized\n    depends_on: [nums]\n    map_on: nums\n')}`,
    );
    const padding = 'p'.repeat(20_000);
    const out = await host.run(file, {
      input: { n: 3, tag: 't', padding },
      runId: 'spec-1',
      executor: executor(),
    });
    expect(out).toMatchObject({ state: 'done', output: ['t:1', 't:2', 't:3'] });
    const { text, data } = await jobData('spec-1.tag.1.1');
    expect(data).toMatchObject({ runId: 'spec-1', stage: 'tag', index: 1, attempt: 1, input: 2 });
    expect(data.spec).toEqual(expect.any(String));
    expect(data).not.toHaveProperty('workflowInput');
    expect(data).not.toHaveProperty('target');
    expect(text.length).toBeLessThan(200);
    // The run input is in the spec once, not in each job.
    const spec = await client.hgetall(`pb:${name}:spec:${data.spec}`);
    expect(Object.keys(spec).sort()).toEqual(['nums', 'run', 'tag']);
    expect(JSON.parse(spec.run as string)).toMatchObject({ workflowInput: { padding } });
    expect(JSON.parse(spec.tag as string).target).toMatchObject({
      target: './stages.mjs#tagged',
      exportName: 'tagged',
    });
  }, 30_000);

  it('are still run when they carry everything inline (re-added jobs, older hosts)', async () => {
    const target = {
      target: './stages.mjs#tagged',
      kind: 'module',
      url: pathToFileURL(join(ws.dir, 'stages.mjs')).href,
      exportName: 'tagged',
      version: 'v',
    };
    const data: StageJobData = {
      runId: 'inline-1',
      stage: 'tag',
      index: 0,
      attempt: 1,
      input: 7,
      target: target as StageJobData['target'],
      baseDir: ws.dir,
      workflowInput: { tag: 'old' },
      timeoutMs: undefined,
    };
    const events = new QueueEvents(name, {
      connection: { url: redis.url, maxRetriesPerRequest: null },
      prefix: 'pb',
    });
    try {
      await events.waitUntilReady();
      const job = await queue.add('tag', data, { jobId: 'inline-1.tag.0.1' });
      expect(await job.waitUntilFinished(events, 10_000)).toBe('old:7');
      // A job naming a spec that is not there fails with a message that says so.
      const lost = await queue.add(
        'tag',
        { ...data, spec: 'gone', target: undefined },
        { jobId: 'inline-1.tag.1.1' },
      );
      await expect(lost.waitUntilFinished(events, 10_000)).rejects.toThrow(
        /\[PB_WORKFLOW_TARGET_LOAD_FAILED\] .*its run's spec .* is not in Redis at pb:jobs:spec:gone/,
      );
    } finally {
      await events.close();
    }
  }, 30_000);

  it('bring large results back once: read from the job hash, not copied into the results stream', async () => {
    const sizes = ws.write(
      'sizes.yaml',
      `name: sizes\nstages:\n${stage('a', 'big')}${stage('b', 'big', '    type: parameterized\n    map_on: input.sizes\n')}`,
    );
    const out = await host.run(sizes, {
      input: { size: 5000, sizes: [{ size: 10 }, { size: 3000 }] },
      executor: executor(),
    });
    expect(out.state).toBe('done');
    expect(out.results).toEqual({ a: 'r'.repeat(5000), b: ['r'.repeat(10), 'r'.repeat(3000)] });
    const entries = await client.xrange(`pb:${name}.results:events`, '-', '+');
    const text = JSON.stringify(entries);
    expect(text).toContain('stage-results-stored');
    expect(text).toContain('r'.repeat(10));
    expect(text).not.toContain('r'.repeat(3000));
  }, 30_000);
});

describe("the host's spec writer", () => {
  /** A stand-in for ioredis: records pipelined commands; `fail` makes the next write's replies errors. */
  const fakeClient = () => {
    const sent: Array<[string, string, unknown]> = [];
    const state = { fail: false };
    const client = {
      pipeline() {
        const cmds: Array<[string, string, unknown]> = [];
        const p = {
          hset(key: string, fields: unknown) {
            cmds.push(['hset', key, fields]);
            return p;
          },
          expire(key: string, s: number) {
            cmds.push(['expire', key, s]);
            return p;
          },
          exec: async () => {
            if (state.fail) return cmds.map(() => [new Error('READONLY'), null]);
            sent.push(...cmds);
            return cmds.map(() => [null, 1]);
          },
        };
        return p;
      },
    };
    return { client: client as unknown as Redis, sent, state };
  };
  const target = {
    target: './s.mjs#f',
    kind: 'module' as const,
    url: 'file:///s.mjs',
    exportName: 'f',
    version: 'v',
  };
  const task = (over: Partial<StageTask> = {}): StageTask => ({
    runId: 'r1',
    stage: 'a',
    index: undefined,
    attempt: 1,
    target,
    baseDir: '/w',
    input: 1,
    workflowInput: input,
    timeoutMs: undefined,
    ...over,
  });
  const input = { x: 1 };

  it('writes a run and each stage once, renews expiry per chunk, and writes again what failed', async () => {
    const { client, sent, state } = fakeClient();
    const writer = specWriter('pb', 'q');
    let batch: SpecBatch = new Set();
    const first = writer.job(task(), batch);
    writer.job(task({ index: 2 }), batch);
    await writer.write(client, batch);
    expect(sent.filter(([c]) => c === 'hset')).toEqual([
      [
        'hset',
        `pb:q:spec:${first.spec}`,
        { run: JSON.stringify({ baseDir: '/w', workflowInput: input }), a: JSON.stringify({ target }) },
      ],
    ]);
    // Same run, same stage: expiry only.
    batch = new Set();
    expect(writer.job(task({ attempt: 2 }), batch).spec).toBe(first.spec);
    await writer.write(client, batch);
    expect(sent.filter(([c]) => c === 'hset')).toHaveLength(1);
    expect(sent.filter(([c]) => c === 'expire')).toHaveLength(2);
    // A new stage whose write fails is sent with the next chunk.
    state.fail = true;
    batch = new Set();
    writer.job(task({ stage: 'b', timeoutMs: 50 }), batch);
    await expect(writer.write(client, batch)).rejects.toThrow('READONLY');
    state.fail = false;
    await writer.write(client, batch);
    expect(sent.filter(([c]) => c === 'hset').at(-1)).toEqual([
      'hset',
      `pb:q:spec:${first.spec}`,
      { b: JSON.stringify({ target, timeoutMs: 50 }) },
    ]);
  });

  it('starts a new spec when a task of the run brings another input or target (a resume in this process)', () => {
    const writer = specWriter('pb', 'q');
    const batch: SpecBatch = new Set();
    const a = writer.job(task(), batch).spec;
    expect(writer.job(task({ workflowInput: { x: 1 } }), batch).spec).not.toBe(a);
    const b = writer.job(task({ workflowInput: input }), batch).spec;
    expect(b).not.toBe(a);
    expect(
      writer.job(task({ workflowInput: input, target: { ...target, version: 'w' } }), batch).spec,
    ).not.toBe(b);
    expect(writer.job(task({ runId: 'r2' }), batch).spec).not.toBe(a);
  });
});
