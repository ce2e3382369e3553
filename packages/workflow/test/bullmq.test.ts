import { startRedis } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWorkflowWorker,
  TargetResolver,
  WorkflowErrorCodes,
  type WorkflowWorker,
} from '../src/index.js';
import { memoryHost, workspace } from './helpers.js';

const ws = workspace();
const host = await memoryHost(ws.dir);
let redis: Awaited<ReturnType<typeof startRedis>>;
let worker: WorkflowWorker;
const executor = () => ({ target: 'bullmq', connection: redis.url, queue: 'unit' });

beforeAll(async () => {
  redis = await startRedis();
  worker = await createWorkflowWorker({
    connection: redis.url,
    queue: 'unit',
    resolver: new TargetResolver(),
    concurrency: 4,
  });
});
afterAll(async () => {
  await worker?.close(true);
  await host.close();
  await redis?.stop();
});

const stage = (name: string, target: string, extra = '') =>
  `  - name: ${name}\n    target: ./stages.mjs#${target}\n${extra}`;

describe('the bullmq executor', () => {
  it('runs a map workflow on a worker and gives the same result as the local executor', async () => {
    const file = ws.write(
      'map.yaml',
      `name: map\nstages:\n${stage('nums', 'numbers')}${stage('sq', 'square', '    type: parameterized\n    depends_on: [nums]\n    map_on: nums\n')}${stage('total', 'sum', '    depends_on: [sq]\n')}`,
    );
    const distributed = await host.run(file, { input: { n: 12 }, executor: executor() });
    const local = await host.run(file, { input: { n: 12 } });
    expect(distributed).toMatchObject({ state: 'done', output: 650 });
    expect(distributed.results).toEqual(local.results);
  });

  it('carries artifacts through Redis and keeps error codes across the queue', async () => {
    const file = ws.write(
      'objects.yaml',
      `name: objects\nstages:\n${stage('put', 'artifacts')}${stage('get', 'readArtifact', '    depends_on: [put]\n')}`,
    );
    expect((await host.run(file, { input: { who: 'Bob' }, executor: executor() })).output).toBe('hello Bob');
    const hang = ws.write(
      'hang.yaml',
      `name: hang\nstages:\n${stage('h', 'hang', '    options: { timeout: 100ms }\n')}`,
    );
    const out = await host.run(hang, { executor: executor() });
    expect(out.error).toMatchObject({ code: WorkflowErrorCodes.STAGE_TIMEOUT });
    expect(out.error?.message).toMatch(/stage "h" did not finish within its timeout of 100 ms/);
  });

  it('fails a stage whose result is not JSON (PB_WORKFLOW_NOT_SERIALIZABLE)', async () => {
    const file = ws.write('fn.yaml', `name: fn\nstages:\n${stage('f', 'returnsFunction')}`);
    const out = await host.run(file, { executor: executor() });
    expect(out.state).toBe('failed');
    expect(out.error).toMatchObject({ code: WorkflowErrorCodes.NOT_SERIALIZABLE });
    expect(out.error?.message).toMatch(
      /stage "f" returned a value the bullmq executor cannot pass on: result\.fn is a function\. Return plain JSON data/,
    );
  });

  it('cancels running jobs on their workers', async () => {
    const file = ws.write('cancel.yaml', `name: cancel\nstages:\n${stage('w', 'wait')}`);
    const control = new AbortController();
    const pending = host.run(file, {
      input: { ms: 20_000 },
      executor: executor(),
      signal: control.signal,
      onEvent: (e) => e.type === 'progress' && control.abort(),
    });
    const out = await pending;
    expect(out.state).toBe('cancelled');
  });

  it('says clearly, and soon, when Redis is unreachable (PB_WORKFLOW_REDIS_UNREACHABLE)', async () => {
    const file = ws.write('down.yaml', `name: down\nstages:\n${stage('a', 'echo')}`);
    const started = Date.now();
    await expect(
      host.run(file, {
        executor: { target: 'bullmq', connection: 'redis://127.0.0.1:1', connectTimeoutMs: 1000 },
      }),
    ).rejects.toMatchObject({
      code: WorkflowErrorCodes.REDIS_UNREACHABLE,
      message: expect.stringMatching(
        /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(.*\); start Redis or fix the executor's "connection"/,
      ),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
