import { startRedis } from '@plugboard/testing';
import { type Job, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowWorker, type StageJobData, TargetResolver } from '../src/index.js';
import { memoryHost, workspace } from './helpers.js';

// What the bullmq executor does when the results stream does not tell it everything: a
// worker that publishes no notices, a job that failed before a resume, a stage timeout.
const ws = workspace();
const host = await memoryHost(ws.dir);
let redis: Awaited<ReturnType<typeof startRedis>>;
const executor = (queue: string) => ({ target: 'bullmq', connection: redis.url, queue });
const stage = (name: string, target: string, extra = '') =>
  `  - name: ${name}\n    target: ./stages.mjs#${target}\n${extra}`;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await host.close();
  await redis?.stop();
});

describe('the bullmq executor without notices', () => {
  it('finishes from the job hashes when the worker publishes no notices (an older flow worker)', async () => {
    // A plain BullMQ worker that runs the stages itself and reports nothing.
    const silent = new Worker(
      'silent',
      async (job: Job<StageJobData>) => {
        const { stage, input } = job.data;
        if (stage === 'nums') return [1, 2, 3];
        if (stage === 'sq') return (input as number) ** 2;
        return (input as number[]).reduce((a, b) => a + b, 0);
      },
      { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: 'pb' },
    );
    try {
      const file = ws.write(
        'silent.yaml',
        `name: silent\nstages:\n${stage('nums', 'numbers')}${stage('sq', 'square', '    type: parameterized\n    depends_on: [nums]\n    map_on: nums\n')}${stage('total', 'sum', '    depends_on: [sq]\n')}`,
      );
      const out = await host.run(file, { executor: executor('silent') });
      expect(out).toMatchObject({ state: 'done', output: 14 });
      expect(out.results).toEqual({ nums: [1, 2, 3], sq: [1, 4, 9], total: 14 });
    } finally {
      await silent.close();
    }
  }, 30_000);
});

describe('the bullmq executor with flow workers', () => {
  const queue = 'recovery';
  let worker: Awaited<ReturnType<typeof createWorkflowWorker>>;
  beforeAll(async () => {
    worker = await createWorkflowWorker({
      connection: redis.url,
      queue,
      resolver: new TargetResolver(),
      concurrency: 4,
    });
  });
  afterAll(() => worker?.close(true));

  it('resumes a failed run by running the failed stage again, not by collecting its old failure', async () => {
    const file = ws.write(
      'again.yaml',
      `name: again\nstages:\n${stage('a', 'echo')}${stage('b', 'failsOnce', '    depends_on: [a]\n')}`,
    );
    const first = await host.run(file, { input: { x: 1 }, runId: 'again-1', executor: executor(queue) });
    expect(first).toMatchObject({ state: 'failed', failedStage: 'b' });
    expect(first.error?.message).toBe('first try fails');
    // Same job ids as the first run: BullMQ still has b's failed job.
    const resumed = await host.resume('again-1');
    expect(resumed).toMatchObject({ state: 'done', output: 'recovered' });
  }, 30_000);

  it("stops only the stage that timed out: the run's other jobs keep running", async () => {
    const file = ws.write(
      'timeout.yaml',
      `name: timeout\nstages:\n${stage('slow', 'slowFirst', '    options: { timeout: 200ms, retries: 1, backoff: 10ms }\n')}${stage('steady', 'wait')}`,
    );
    const out = await host.run(file, { input: { ms: 800 }, executor: executor(queue) });
    expect(out.error).toBeUndefined();
    expect(out).toMatchObject({ state: 'done', output: { slow: 'attempt 2', steady: 'waited' } });
  }, 30_000);
});
