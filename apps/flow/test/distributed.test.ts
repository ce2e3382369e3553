import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRedis } from '@plugboard/testing';
import { RunStore } from '@plugboard/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executions, exited, flowHome, layeredWorkflow, STAGES, startWorkers, until } from './helpers.js';

// Two `flow worker` processes on a real Redis, a 202-stage workflow, and SIGKILL: of a
// worker mid-run, then of the host mid-run followed by `flow runs resume`.
const home = flowHome('flow-distributed-');
home.write('stages.mjs', STAGES);
const workflow = home.write('layered.yaml', layeredWorkflow(10, 20));
const STAGE_COUNT = 202;
let redis: Awaited<ReturnType<typeof startRedis>>;
const workers: ChildProcess[] = [];
/** Two workers on `queue`, killed in afterAll. */
const start = async (queue: string) => {
  const started = await startWorkers(home, { connection: redis.url, queue });
  workers.push(...started);
  return started;
};
const executor = (queue: string) =>
  JSON.stringify({ target: 'bullmq', connection: redis.url, queue, concurrency: 32 });

async function recordCount(runId: string): Promise<number> {
  if (!existsSync(home.store)) return 0;
  const store = await RunStore.open({ location: home.store });
  try {
    return (await store.stageRecords(runId)).length;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await redis?.stop();
});

describe('the bullmq executor across processes', () => {
  const local = () => {
    const r = home.flow(
      'run',
      workflow,
      '--input',
      JSON.stringify({ seed: 7, ms: 0, log: join(home.dir, 'local.log') }),
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out).output as number;
  };

  it('finishes when one of two workers is killed mid-run; each result recorded once, equal to local', async () => {
    const queue = 'killworker';
    const [a] = await start(queue);
    const log = join(home.dir, 'worker-kill.log');
    const run = home.spawn(
      'run',
      workflow,
      '--input',
      JSON.stringify({ seed: 7, ms: 25, log }),
      '--executor',
      executor(queue),
      '--run-id',
      'kill-worker',
      '--json',
    );
    let out = '';
    run.stdout?.on('data', (d) => (out += d));
    await until(
      () => existsSync(log) && readFileSync(log, 'utf8').split('\n').length > 40,
      60_000,
      'stages to start',
    );
    a!.kill('SIGKILL');
    expect(await exited(run)).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ runId: 'kill-worker', state: 'done' });
    const store = await RunStore.open({ location: home.store });
    const records = await store.stageRecords('kill-worker');
    await store.close();
    expect(records).toHaveLength(STAGE_COUNT);
    expect(new Set(records.map((r) => r.stage)).size).toBe(STAGE_COUNT);
    expect(records.every((r) => r.state === 'done')).toBe(true);
    expect(result.output).toBe(local());
    // The killed worker's pid ran some stages; the survivor ran the rest.
    const pids = new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[1]),
    );
    expect(pids.size).toBe(2);
  }, 120_000);

  it('finishes a run whose host was killed: interrupted, then resumed without redoing stages', async () => {
    const queue = 'killhost';
    await start(queue);
    const log = join(home.dir, 'host-kill.log');
    const run = home.spawn(
      'run',
      workflow,
      '--input',
      JSON.stringify({ seed: 7, ms: 25, log }),
      '--executor',
      executor(queue),
      '--run-id',
      'kill-host',
      '--json',
    );
    await until(async () => (await recordCount('kill-host')) > 40, 60_000, 'stages to be recorded');
    run.kill('SIGKILL');
    await exited(run);
    const list = home.flow('runs', 'list', '--json');
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).find((r: { id: string }) => r.id === 'kill-host')).toMatchObject({
      state: 'interrupted',
    });
    const resumed = home.flow('runs', 'resume', 'kill-host', '--json');
    expect(resumed.code, resumed.err).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({ runId: 'kill-host', state: 'done', output: local() });
    expect(await recordCount('kill-host')).toBe(STAGE_COUNT);
    // Jobs that finished while the host was down were collected, not run again.
    const counts = executions(readFileSync(log, 'utf8'));
    expect(counts.size).toBe(STAGE_COUNT);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
