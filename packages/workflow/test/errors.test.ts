import { describe, expect, it } from 'vitest';
import { decodeFailure, encodeFailure } from '../src/executors/redis.js';
import {
  decodeError,
  encodeError,
  isWorkflowError,
  RunStore,
  WorkflowError,
  WorkflowErrorCodes,
} from '../src/index.js';
import { memoryHost, workspace } from './helpers.js';

const ws = workspace();

// Every code is raised by a real path in the other test files (named here); this file
// checks the error class itself and that the list of codes stays covered.
const COVERED: Record<string, string> = {
  FILE_MISSING: 'definition.test.ts',
  PARSE: 'definition.test.ts, flow.test.ts',
  INVALID: 'definition.test.ts',
  DUPLICATE_STAGE: 'definition.test.ts',
  DEPENDENCY_MISSING: 'definition.test.ts',
  CYCLE: 'definition.test.ts',
  OPTIONS_INVALID: 'definition.test.ts',
  TARGET_UNKNOWN: 'definition.test.ts, flow.test.ts',
  TARGET_LOAD_FAILED: 'flow.test.ts (plugin failing to import), errors.test.ts',
  TARGET_NOT_PORTABLE: 'threads.test.ts',
  INPUT_INVALID: 'local.test.ts',
  MAP_NOT_LIST: 'local.test.ts',
  STAGE_TIMEOUT: 'local.test.ts, threads.test.ts, bullmq.test.ts',
  STAGE_FAILED: 'flow.test.ts (a stage that throws: flow run names it with this code)',
  NOT_SERIALIZABLE: 'bullmq.test.ts',
  CANCELLED: 'local.test.ts, flow.test.ts',
  EXECUTOR_INVALID: 'errors.test.ts',
  REDIS_UNREACHABLE: 'bullmq.test.ts',
  STORE_FAILED: 'errors.test.ts',
  RUN_NOT_FOUND: 'local.test.ts',
  RUN_NOT_RESUMABLE: 'local.test.ts',
  TRIGGER_INVALID: 'flow.test.ts, errors.test.ts',
  TRIGGER_NOT_FOUND: 'flow.test.ts',
};

describe('WorkflowError', () => {
  it('starts with the package, names file:line and keeps the cause', () => {
    const cause = new Error('inner');
    const e = new WorkflowError(WorkflowErrorCodes.CYCLE, 'a cycle.', {
      file: '/w.yaml',
      line: 3,
      column: 5,
      stage: 'a',
      cause,
    });
    expect(e).toMatchObject({ code: 'PB_WORKFLOW_CYCLE', stage: 'a', line: 3, path: '/w.yaml', cause });
    expect(e.message).toBe('@plugboard/workflow: /w.yaml:3:5: a cycle.');
    expect(isWorkflowError(e)).toBe(true);
    expect(e.toJSON()).toMatchObject({ code: 'PB_WORKFLOW_CYCLE', path: '/w.yaml' });
  });

  it('has a test for every code', () => {
    expect(Object.keys(WorkflowErrorCodes).sort()).toEqual(Object.keys(COVERED).sort());
    for (const code of Object.values(WorkflowErrorCodes)) expect(code).toMatch(/^PB_WORKFLOW_[A-Z_]+$/);
  });

  it('crosses processes as data and as BullMQ failure text with its code', () => {
    const e = new WorkflowError(WorkflowErrorCodes.STAGE_TIMEOUT, 'too slow.');
    const back = decodeError(encodeError(e));
    expect(back).toBeInstanceOf(WorkflowError);
    expect(back).toMatchObject({
      code: 'PB_WORKFLOW_STAGE_TIMEOUT',
      message: '@plugboard/workflow: too slow.',
    });
    expect(decodeFailure(encodeFailure(e))).toEqual({
      code: 'PB_WORKFLOW_STAGE_TIMEOUT',
      message: '@plugboard/workflow: too slow.',
    });
    const plain = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    expect(decodeError(encodeError(plain))).toMatchObject({ message: 'disk full', code: 'ENOSPC' });
  });
});

describe('errors raised by the host', () => {
  it('PB_WORKFLOW_EXECUTOR_INVALID: a factory that returns no executor', async () => {
    ws.write('bad-executor.mjs', 'export default () => ({ name: "half" });\n');
    const host = await memoryHost(ws.dir);
    try {
      await expect(host.executor({ target: './bad-executor.mjs' }, ws.dir)).rejects.toMatchObject({
        code: 'PB_WORKFLOW_EXECUTOR_INVALID',
        message: expect.stringMatching(
          /executor "\.\/bad-executor\.mjs" did not return an executor \(\{ name, concurrency, run\(task, io\), close\(\) \}\); fix its factory/,
        ),
      });
    } finally {
      await host.close();
    }
  });

  it('PB_WORKFLOW_TARGET_LOAD_FAILED: a module without the named export', async () => {
    const host = await memoryHost(ws.dir);
    try {
      const file = ws.write(
        'noexport.yaml',
        'name: n\nstages:\n  - name: a\n    target: ./stages.mjs#nothing\n',
      );
      await expect(host.run(file)).rejects.toMatchObject({
        code: 'PB_WORKFLOW_TARGET_LOAD_FAILED',
        stage: 'a',
        message: expect.stringMatching(
          /noexport\.yaml: stage "a": target "\.\/stages\.mjs#nothing": the module has no function export "nothing"/,
        ),
      });
    } finally {
      await host.close();
    }
  });

  it('PB_WORKFLOW_STORE_FAILED: a store that cannot be opened, password redacted', async () => {
    await expect(
      RunStore.open({ location: 'postgres://flow:s3cret@127.0.0.1:1/runs' }),
    ).rejects.toMatchObject({
      code: 'PB_WORKFLOW_STORE_FAILED',
      message: expect.stringMatching(
        /cannot open the run store at postgres:\/\/flow:\*\*\*@127\.0\.0\.1:1\/runs: .*Check the path or URL/,
      ),
    });
    await expect(
      RunStore.open({ location: 'postgres://flow:s3cret@127.0.0.1:1/runs' }),
    ).rejects.not.toMatchObject({ message: expect.stringContaining('s3cret') });
  });

  it('PB_WORKFLOW_TRIGGER_INVALID: neither or both of cron and event', async () => {
    const { addTrigger } = await import('../src/index.js');
    const store = await RunStore.open({ location: ':memory:' });
    try {
      const wf = ws.write('t.yaml', 'name: t\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n');
      await expect(addTrigger(store, { workflow: wf })).rejects.toMatchObject({
        code: 'PB_WORKFLOW_TRIGGER_INVALID',
        message: expect.stringMatching(/give exactly one of a cron pattern or an event rule/),
      });
      await expect(
        addTrigger(store, { workflow: `${ws.dir}/none.yaml`, cron: '* * * * *' }),
      ).rejects.toMatchObject({ message: expect.stringMatching(/none\.yaml does not exist/) });
    } finally {
      await store.close();
    }
  });
});
