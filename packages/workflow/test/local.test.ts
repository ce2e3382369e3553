import { afterAll, describe, expect, it } from 'vitest';
import { WorkflowErrorCodes } from '../src/index.js';
import { memoryHost, workspace } from './helpers.js';

const ws = workspace();
const host = await memoryHost(ws.dir);
afterAll(() => host.close());

const stage = (name: string, target: string, extra = '') =>
  `  - name: ${name}\n    target: ./stages.mjs#${target}\n${extra}`;

describe('the local executor', () => {
  it('fans out a parameterized stage and fans in its list', async () => {
    const file = ws.write(
      'map.yaml',
      `name: map\nstages:\n${stage('nums', 'numbers')}${stage('sq', 'square', '    type: parameterized\n    depends_on: [nums]\n    map_on: nums\n')}${stage('total', 'sum', '    depends_on: [sq]\n')}`,
    );
    const events: string[] = [];
    const out = await host.run(file, { input: { n: 4 }, onEvent: (e) => events.push(e.type) });
    expect(out).toMatchObject({
      state: 'done',
      output: 30,
      results: { nums: [1, 2, 3, 4], sq: [1, 4, 9, 16], total: 30 },
    });
    expect(events.filter((t) => t === 'stage-done')).toHaveLength(6);
    expect(events).toContain('stage-items');
  });

  it('passes { [dependency]: result } to a stage with several, and keeps several sinks', async () => {
    const file = ws.write(
      'join.yaml',
      `name: join\nstages:\n${stage('a', 'echo')}${stage('b', 'offset', '    depends_on: [a]\n')}${stage('c', 'merge', '    depends_on: [a, b]\n')}${stage('d', 'echo', '    depends_on: [a]\n')}`,
    );
    const out = await host.run(file, { input: { base: 1 } });
    expect(out.output).toEqual({ c: { a: { base: 1 }, b: 2 }, d: { base: 1 } });
  });

  it('keeps at most `concurrency` stages in flight', async () => {
    const file = ws.write(
      'wide.yaml',
      `name: wide\nstages:\n${stage('items', 'numbers')}${stage('t', 'tracked', '    type: parameterized\n    depends_on: [items]\n    map_on: items\n')}`,
    );
    const executor = await host.executor({ target: 'local', concurrency: 3 });
    const out = await host.run(file, { input: { n: 20 }, executorInstance: executor });
    expect(out.state).toBe('done');
    const { peakInflight } = await import(`${ws.dir}/stages.mjs`);
    expect(peakInflight()).toBe(3);
  });

  it('retries with backoff, then succeeds', async () => {
    const file = ws.write(
      'retry.yaml',
      `name: retry\nstages:\n${stage('f', 'flaky', '    options: { retries: 3, backoff: { type: exponential, delay: 5ms, max: 20ms } }\n')}`,
    );
    const retries: number[] = [];
    const out = await host.run(file, {
      input: { succeedOn: 3 },
      onEvent: (e) => e.type === 'stage-retry' && retries.push(e.delayMs),
    });
    expect(out).toMatchObject({ state: 'done', output: { attempts: 3 } });
    expect(retries).toEqual([5, 10]);
    const records = await host.store.stageRecords(out.runId);
    expect(records).toMatchObject([{ stage: 'f', attempts: 3, state: 'done' }]);
  });

  it('fails the run with the stage error after its retries, keeping the other results', async () => {
    const file = ws.write(
      'fail.yaml',
      `name: fail\nstages:\n${stage('ok', 'echo')}${stage('bad', 'boom', '    depends_on: [ok]\n    options: { retries: 1, backoff: 1 }\n')}${stage('after', 'echo', '    depends_on: [bad]\n')}`,
    );
    const out = await host.run(file, { input: { v: 1 } });
    expect(out).toMatchObject({ state: 'failed', failedStage: 'bad', results: { ok: { v: 1 } } });
    expect(out.error?.message).toBe('boom: the disk is full');
    const run = await host.store.getRun(out.runId);
    expect(run).toMatchObject({
      state: 'failed',
      error: { message: 'boom: the disk is full', code: 'EBOOM' },
    });
    const records = await host.store.stageRecords(out.runId);
    expect(records.map((r) => [r.stage, r.state, r.attempts])).toEqual([
      ['ok', 'done', 1],
      ['bad', 'failed', 2],
    ]);
    expect(records[0]!.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('times out a stage that hangs (PB_WORKFLOW_STAGE_TIMEOUT)', async () => {
    const file = ws.write(
      'hang.yaml',
      `name: hang\nstages:\n${stage('h', 'hang', '    options: { timeout: 50ms }\n')}`,
    );
    const out = await host.run(file);
    expect(out.state).toBe('failed');
    expect(out.error).toMatchObject({ code: WorkflowErrorCodes.STAGE_TIMEOUT });
    expect(out.error?.message).toMatch(
      /stage "h" did not finish within its timeout of 50 ms \(attempt 1\); make it faster, honour ctx\.signal/,
    );
  });

  it('cancels a run: running stages get their signal aborted', async () => {
    const file = ws.write('cancel.yaml', `name: cancel\nstages:\n${stage('w', 'wait')}`);
    const control = new AbortController();
    const started = new Promise<void>((resolve) => {
      void host
        .run(file, {
          input: { ms: 10_000 },
          signal: control.signal,
          onEvent: (e) => e.type === 'progress' && resolve(),
        })
        .then((out) => results.push(out));
    });
    const results: Array<Awaited<ReturnType<typeof host.run>>> = [];
    await started;
    control.abort();
    await new Promise((r) => setTimeout(r, 50));
    expect(results[0]).toMatchObject({ state: 'cancelled' });
    expect(results[0]!.error).toMatchObject({ code: WorkflowErrorCodes.CANCELLED });
    expect((globalThis as { __aborted?: number }).__aborted).toBe(1);
    expect((await host.store.getRun(results[0]!.runId))?.state).toBe('cancelled');
  });

  it('passes artifacts between stages through ctx.objects, and logs', async () => {
    const file = ws.write(
      'objects.yaml',
      `name: objects\nstages:\n${stage('put', 'artifacts')}${stage('get', 'readArtifact', '    depends_on: [put]\n')}`,
    );
    const logs: string[] = [];
    const out = await host.run(file, {
      input: { who: 'Ada' },
      onEvent: (e) => e.type === 'log' && logs.push(e.message),
    });
    expect(out.output).toBe('hello Ada');
    expect(logs).toEqual(['stored the greeting']);
  });

  it('checks the input against the input schema (PB_WORKFLOW_INPUT_INVALID)', async () => {
    const file = ws.write(
      'input.yaml',
      `name: input\ninput:\n  type: object\n  required: [n]\n  properties: { n: { type: integer } }\nstages:\n${stage('a', 'numbers')}`,
    );
    await expect(host.run(file, { input: { n: 'x' } })).rejects.toMatchObject({
      code: WorkflowErrorCodes.INPUT_INVALID,
      message: expect.stringMatching(
        /input\.yaml: the input does not match workflow "input"'s input schema: \/n must be integer/,
      ),
    });
  });

  it('fails a map over something that is not a list (PB_WORKFLOW_MAP_NOT_LIST)', async () => {
    const file = ws.write(
      'notlist.yaml',
      `name: notlist\nstages:\n${stage('a', 'echo')}${stage('m', 'square', '    type: parameterized\n    depends_on: [a]\n    map_on: a.items\n')}`,
    );
    const out = await host.run(file, { input: { items: 3 } });
    expect(out.error).toMatchObject({ code: WorkflowErrorCodes.MAP_NOT_LIST });
    expect(out.error?.message).toMatch(/stage "m" maps on "a\.items", which is number, not a list/);
  });

  it('reports a run that does not exist (PB_WORKFLOW_RUN_NOT_FOUND) and a done run as not resumable', async () => {
    await expect(host.resume('nope')).rejects.toMatchObject({
      code: WorkflowErrorCodes.RUN_NOT_FOUND,
      message: expect.stringMatching(/there is no run "nope"/),
    });
    const file = ws.write('done.yaml', `name: done\nstages:\n${stage('a', 'echo')}`);
    const out = await host.run(file);
    await expect(host.resume(out.runId)).rejects.toMatchObject({
      code: WorkflowErrorCodes.RUN_NOT_RESUMABLE,
      message: expect.stringMatching(
        /run .* is done; only interrupted, failed or cancelled runs can be resumed/,
      ),
    });
  });

  it('resumes a failed run without redoing its finished stages', async () => {
    const file = ws.write(
      'resume.yaml',
      `name: resume\nstages:\n${stage('first', 'flaky')}${stage('second', 'flaky', '    depends_on: [first]\n')}`,
    );
    const out = await host.run(file, { input: { succeedOn: 1 }, runId: 'resume-1' });
    expect(out.state).toBe('done');
    // Same run id, fresh record: simulate a failure of the second stage, then resume.
    const failing = ws.write(
      'resume2.yaml',
      `name: resume2\nstages:\n${stage('first', 'flaky')}${stage('second', 'boom', '    depends_on: [first]\n')}`,
    );
    const failed = await host.run(failing, { input: { succeedOn: 1 }, runId: 'resume-2' });
    expect(failed.state).toBe('failed');
    const before = await host.store.stageRecords('resume-2');
    expect(before.find((r) => r.stage === 'first')?.state).toBe('done');
    const again = await host.resume('resume-2');
    expect(again.state).toBe('failed'); // boom still booms
    const after = await host.store.stageRecords('resume-2');
    expect(after.find((r) => r.stage === 'first')?.startedAt).toBe(
      before.find((r) => r.stage === 'first')?.startedAt,
    );
  });
});

describe('resuming from finished records', () => {
  it('runs each unfinished stage once, after its dependencies, with the fresh result', async () => {
    const { executeWorkflow, loadWorkflowData } = await import('../src/index.js');
    const stages = [{ name: 'root', target: './stages.mjs#echo' }];
    for (let l = 0; l < 4; l++) {
      for (let w = 0; w < 4; w++) {
        const deps = l === 0 ? ['root'] : [`s${l - 1}_${w}`, `s${l - 1}_${(w + 1) % 4}`];
        stages.push({ name: `s${l}_${w}`, target: './stages.mjs#merge', depends_on: deps } as never);
      }
    }
    const wf = loadWorkflowData({ name: 'layers', stages }, `${ws.dir}/layers.yaml`);
    const executor = await host.executor({ target: 'local' });
    const { TargetResolver } = await import('../src/index.js');
    const resolver = new TargetResolver();
    const targets = new Map();
    for (const s of wf.definition.stages) targets.set(s.name, (await resolver.resolve(s.target, ws.dir)).ref);
    const base = {
      runId: 'layers',
      definition: wf.definition,
      baseDir: ws.dir,
      targets,
      input: { v: 1 },
      executor,
    };
    const records: import('../src/index.js').StageRecord[] = [];
    const fresh = await executeWorkflow({ ...base, record: (r) => records.push(r) });
    // Keep the records of the first two layers and one stage of the third, as a crash would.
    const kept = records.filter((r) => /^(root|s0_|s1_|s2_0$)/.test(r.stage));
    const started: string[] = [];
    const resumed = await executeWorkflow({
      ...base,
      finished: kept,
      onEvent: (e) => e.type === 'stage-start' && started.push(e.stage),
    });
    expect(resumed).toMatchObject({ state: 'done' });
    expect(resumed.results).toEqual(fresh.results);
    expect(started.sort()).toEqual(['s2_1', 's2_2', 's2_3', 's3_0', 's3_1', 's3_2', 's3_3']);
  });
});
