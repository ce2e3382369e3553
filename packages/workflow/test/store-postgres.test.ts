import { startPostgres, type TestServer } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../src/index.js';
import { memoryHost, workspace } from './helpers.js';

// The scale-out run store: the same host code on a real Postgres (127.0.0.1, a fresh cluster).
const ws = workspace('pb-workflow-pg-');
let pg: TestServer;
beforeAll(async () => {
  pg = await startPostgres();
}, 180_000);
afterAll(() => pg?.stop());

const stage = (name: string, target: string, extra = '') =>
  `  - name: ${name}\n    target: ./stages.mjs#${target}\n${extra}`;

describe('the run store on Postgres', () => {
  it('migrates once when several opens race on an empty database', async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => RunStore.open({ location: pg.url })));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('records a run as the embedded store does, and keeps it across opens', async () => {
    const file = ws.write(
      'map.yaml',
      `name: map\nstages:\n${stage('nums', 'numbers')}${stage('sq', 'square', '    type: parameterized\n    depends_on: [nums]\n    map_on: nums\n')}${stage('total', 'sum', '    depends_on: [sq]\n')}`,
    );
    const shape = async (location: string) => {
      const host = await memoryHost(ws.dir, { store: location });
      try {
        const out = await host.run(file, { input: { n: 5 } });
        const records = await host.store.stageRecords(out.runId);
        return {
          out,
          records: records
            .map((r) => [r.stage, r.index, r.state, r.attempts, r.result] as const)
            .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
        };
      } finally {
        await host.close();
      }
    };
    const embedded = await shape(':memory:');
    const postgres = await shape(pg.url);
    expect(postgres.out).toMatchObject({ state: 'done', output: 55 });
    expect(postgres.out.results).toEqual(embedded.out.results);
    expect(postgres.records).toEqual(embedded.records);
    expect(postgres.records).toHaveLength(7); // nums, five sq items, total

    // A later process (a new open) sees the finished run with its output.
    const store = await RunStore.open({ location: pg.url });
    try {
      const run = await store.getRun(postgres.out.runId);
      expect(run).toMatchObject({ state: 'done', output: 55, workflow: 'map', input: { n: 5 } });
      expect((await store.listRuns()).map((r) => r.id)).toContain(postgres.out.runId);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('resumes a failed run from its Postgres records without redoing finished stages', async () => {
    const file = ws.write(
      'resume.yaml',
      `name: resume\nstages:\n${stage('first', 'flaky')}${stage('second', 'boom', '    depends_on: [first]\n')}`,
    );
    const host = await memoryHost(ws.dir, { store: pg.url });
    try {
      const failed = await host.run(file, { input: { succeedOn: 1 }, runId: 'pg-resume' });
      expect(failed).toMatchObject({ state: 'failed', failedStage: 'second' });
      const before = await host.store.stageRecords('pg-resume');
      const again = await host.resume('pg-resume');
      expect(again.state).toBe('failed');
      const after = await host.store.stageRecords('pg-resume');
      expect(after.find((r) => r.stage === 'first')?.startedAt).toBe(
        before.find((r) => r.stage === 'first')?.startedAt,
      );
      expect(after.find((r) => r.stage === 'second')?.attempts).toBeGreaterThanOrEqual(1);
    } finally {
      await host.close();
    }
  }, 60_000);

  it('names the store and hides the password when Postgres is unreachable', async () => {
    const url = `postgres://plugboard:s3cret-pw@127.0.0.1:${pg.port + 1}/none`;
    const error = await RunStore.open({ location: url }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('PB_WORKFLOW_STORE_FAILED');
    expect(error?.message).toContain('postgres://plugboard:***@127.0.0.1');
    expect(error?.message).not.toContain('s3cret-pw');
  }, 30_000);

  it('survives the server dropping its idle connections, and reports the next query', async () => {
    const own = await startPostgres();
    const store = await RunStore.open({ location: own.url });
    try {
      expect(await store.listRuns()).toEqual([]);
      await own.stop(); // idle pooled connections get FATAL 57P01: an 'error' event on the pool
      await new Promise((r) => setTimeout(r, 200));
      await expect(store.listRuns()).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await store.close().catch(() => {});
      await own.stop().catch(() => {});
    }
  }, 120_000);
});
