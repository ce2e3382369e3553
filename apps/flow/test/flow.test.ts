import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunStore } from '@plugboard/workflow';
import { describe, expect, it } from 'vitest';
import { executions, exited, flowHome, STAGES, until } from './helpers.js';

const home = flowHome('flow-e2e-');
home.write('stages.mjs', STAGES);
const textstats = fileURLToPath(
  new URL('../../../examples/workflow-textstats/workflows/textstats.yaml', import.meta.url),
);
const texts = join(home.dir, 'texts');
mkdirSync(texts);
writeFileSync(join(texts, 'one.txt'), 'alpha beta beta');
writeFileSync(join(texts, 'two.txt'), 'beta gamma');

// A plugin whose stage module throws on import: only workflows using it fail.
const broken = join(home.dir, 'broken-plugin');
mkdirSync(broken);
writeFileSync(
  join(broken, 'package.json'),
  JSON.stringify({
    name: 'broken-plugin',
    version: '1.0.0',
    type: 'module',
    peerDependencies: { '@plugboard/workflow': '^0.1.0' },
    plugboard: {
      entryPoints: { workflow: { 'broken-stage': './index.js#run' } },
      workflow: { 'broken-stage': { kind: 'stage' } },
    },
  }),
);
writeFileSync(join(broken, 'index.js'), "throw new Error('cannot find native binding');\n");
home.env.FLOW_PLUGIN_PATHS = broken;

describe('flow (built binary)', () => {
  it('lists the discovered stages and executors with --json, without importing them', {
    timeout: 60_000,
  }, () => {
    const r = home.flow('stages', '--json');
    expect(r.code, r.err).toBe(0);
    const data = JSON.parse(r.out);
    expect(data.stages.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['textstats-list', 'textstats-merge', 'broken-stage']),
    );
    expect(data.executors.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['local', 'threads', 'bullmq', 'logging']),
    );
    expect(data.stages.find((s: { name: string }) => s.name === 'textstats-list')).toMatchObject({
      package: '@plugboard-examples/workflow-textstats',
      version: '0.1.0',
    });
  });

  it('runs the textstats workflow with plain progress lines and with --json', { timeout: 120_000 }, () => {
    const input = JSON.stringify({ folder: texts, top: 1 });
    const plain = home.flow('run', textstats, '--input', input);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).toMatch(/^done list in \d+ ms$/m);
    expect(plain.out).toMatch(/^done tokenize \(2 items\) in \d+ ms$/m);
    expect(plain.out).toMatch(
      /^run \S+ done: \{"files":2,"words":5,"unique":3,"top":\[\{"word":"beta","count":3\}\]/m,
    );
    const json = home.flow('run', textstats, '--input', input, '--executor', 'threads', '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      state: 'done',
      output: { files: 2, words: 5, top: [{ word: 'beta', count: 3 }] },
    });
  });

  it('validates with coded errors naming file and line, exit 1', { timeout: 120_000 }, () => {
    const bad = home.write('bad.yaml', 'name: bad\nstages:\n  - name: a\n    target: textstats-lsit\n');
    const r = home.flow('validate', bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /bad\.yaml:4:13: stage "a": no installed plugin provides the stage "textstats-lsit"\. Did you mean "textstats-list"\?.*\[PB_WORKFLOW_TARGET_UNKNOWN\]/,
    );
    const json = home.flow('validate', bad, '--json');
    expect(JSON.parse(json.out)[0].errors[0]).toMatchObject({
      code: 'PB_WORKFLOW_TARGET_UNKNOWN',
      stage: 'a',
      line: 4,
    });
    const malformed = home.write('malformed.yaml', 'name: x\nstages: [\n');
    expect(home.flow('run', malformed).err).toMatch(
      /malformed\.yaml:3:1: the file is not valid YAML\/JSON.*\[PB_WORKFLOW_PARSE\]/,
    );
  });

  it('keeps other workflows running when a plugin stage fails to import', { timeout: 120_000 }, () => {
    const uses = home.write(
      'uses-broken.yaml',
      'name: uses\nstages:\n  - name: a\n    target: broken-stage\n',
    );
    const r = home.flow('run', uses, '--json');
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.out);
    expect(error).toMatchObject({ code: 'PB_WORKFLOW_TARGET_LOAD_FAILED', stage: 'a' });
    expect(error.message).toMatch(
      /stage "a": the stage "broken-stage" from broken-plugin@1\.0\.0 failed to load: .*cannot find native binding.*Other workflows still run/,
    );
    const ok = home.flow('run', textstats, '--input', JSON.stringify({ folder: texts }), '--json');
    expect(ok.code, ok.err).toBe(0);
  });

  it('fails a run whose stage throws, with the stage error and exit 1', { timeout: 120_000 }, () => {
    home.write(
      'boom.mjs',
      "export const boom = () => { throw new Error('boom'); };\nexport const ok = () => 1;\n",
    );
    const wf = home.write(
      'boom.yaml',
      'name: boom\nstages:\n  - name: ok\n    target: ./boom.mjs#ok\n  - name: bad\n    target: ./boom.mjs#boom\n    depends_on: [ok]\n    options: { retries: 2, backoff: 1 }\n',
    );
    const r = home.flow('run', wf, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({
      state: 'failed',
      error: { code: 'PB_WORKFLOW_STAGE_FAILED', message: 'boom', stage: 'bad' },
    });
    const plain = home.flow('run', wf);
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(
      /stage "bad" failed: boom \[PB_WORKFLOW_STAGE_FAILED\]; `flow runs show \S+` has every stage's record\./,
    );
    const show = JSON.parse(home.flow('runs', 'show', out.runId, '--json').out);
    expect(show.stages).toMatchObject([
      { stage: 'ok', state: 'done', result: 1 },
      { stage: 'bad', state: 'failed', attempts: 3 },
    ]);
  });

  it('marks a run whose host was killed interrupted, and resumes it without redoing finished stages', async () => {
    const chain = [
      'name: chain',
      'stages:',
      ...Array.from({ length: 8 }, (_, i) => [
        `  - name: c${i}`,
        '    target: ./stages.mjs#node',
        ...(i ? [`    depends_on: [c${i - 1}]`] : []),
      ]).flat(),
    ].join('\n');
    const wf = home.write('chain.yaml', `${chain}\n`);
    const log = join(home.dir, 'chain.log');
    const run = home.spawn(
      'run',
      wf,
      '--input',
      JSON.stringify({ seed: 3, ms: 150, log }),
      '--run-id',
      'chain-1',
    );
    await until(
      () => {
        try {
          return readFileSync(log, 'utf8').split('\n').length > 4;
        } catch {
          return false;
        }
      },
      30_000,
      'four stages',
    );
    run.kill('SIGKILL');
    await exited(run);
    const store = await RunStore.open({ location: home.store });
    const before = (await store.stageRecords('chain-1')).map((r) => r.stage);
    await store.close();
    expect(before.length).toBeGreaterThan(0);
    const list = JSON.parse(home.flow('runs', 'list', '--json').out);
    expect(list.find((r: { id: string }) => r.id === 'chain-1')).toMatchObject({ state: 'interrupted' });
    const resumed = home.flow('runs', 'resume', 'chain-1', '--json');
    expect(resumed.code, resumed.err).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({ state: 'done' });
    const counts = executions(readFileSync(log, 'utf8'));
    for (const stage of before) expect(counts.get(stage)).toBe(1);
    expect(counts.size).toBe(8);
    const fresh = home.flow(
      'run',
      wf,
      '--input',
      JSON.stringify({ seed: 3, ms: 0, log: join(home.dir, 'fresh.log') }),
      '--json',
    );
    expect(JSON.parse(resumed.out).output).toBe(JSON.parse(fresh.out).output);
  }, 120_000);

  it('cancels a running run from another process', async () => {
    const wf = home.write('slow.yaml', 'name: slow\nstages:\n  - name: s\n    target: ./stages.mjs#node\n');
    const run = home.spawn(
      'run',
      wf,
      '--input',
      JSON.stringify({ seed: 1, ms: 30_000, log: join(home.dir, 'slow.log') }),
      '--run-id',
      'slow-1',
      '--json',
    );
    let out = '';
    run.stdout?.on('data', (d) => (out += d));
    await until(() => home.flow('runs', 'show', 'slow-1', '--json').code === 0, 60_000, 'the run record');
    expect(home.flow('runs', 'cancel', 'slow-1').code).toBe(0);
    expect(await exited(run)).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ state: 'cancelled', error: { code: 'PB_WORKFLOW_CANCELLED' } });
  }, 120_000);

  it('adds, lists, fires and removes triggers', () => {
    const input = JSON.stringify({ folder: texts });
    const added = JSON.parse(
      home.flow(
        'triggers',
        'add',
        textstats,
        '--event',
        'file.added',
        '--where',
        '{"ext":".txt"}',
        '--input',
        input,
        '--json',
      ).out,
    );
    const cron = JSON.parse(
      home.flow('triggers', 'add', textstats, '--cron', '*/5 * * * *', '--input', input, '--json').out,
    );
    expect(home.flow('triggers', 'add', textstats, '--cron', 'every tuesday').err).toMatch(
      /"every tuesday" is not a cron pattern.*\[PB_WORKFLOW_TRIGGER_INVALID\]/,
    );
    const list = JSON.parse(home.flow('triggers', 'list', '--json').out);
    expect(list.map((t: { id: string }) => t.id)).toEqual([added.id, cron.id]);
    expect(
      JSON.parse(home.flow('triggers', 'emit', 'file.added', '{"ext":".md"}', '--json').out),
    ).toMatchObject({ started: 0 });
    const fired = JSON.parse(home.flow('triggers', 'emit', 'file.added', '{"ext":".txt"}', '--json').out);
    expect(fired).toMatchObject({ started: 1, runs: [expect.any(String)] });
    expect(home.flow('triggers', 'remove', added.id).code).toBe(0);
    expect(home.flow('triggers', 'remove', added.id).err).toMatch(
      /there is no trigger .*\[PB_WORKFLOW_TRIGGER_NOT_FOUND\]/,
    );
    expect(JSON.parse(home.flow('triggers', 'list', '--json').out)).toHaveLength(1);
  }, 120_000);
});
