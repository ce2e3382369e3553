import { afterAll, describe, expect, it } from 'vitest';
import { WorkflowErrorCodes } from '../src/index.js';
import { memoryHost, workspace } from './helpers.js';

const ws = workspace();
const host = await memoryHost(ws.dir);
afterAll(() => host.close());
const stage = (name: string, target: string, extra = '') =>
  `  - name: ${name}\n    target: ./stages.mjs#${target}\n${extra}`;

describe('the threads executor', () => {
  it('runs a CPU-bound map on a worker_threads pool with the local result', async () => {
    const file = ws.write(
      'spin.yaml',
      `name: spin\nstages:\n${stage('items', 'echo')}${stage('spin', 'spin', '    type: parameterized\n    depends_on: [items]\n    map_on: items\n')}`,
    );
    const input = [10_000, 20_000, 30_000, 40_000];
    const threaded = await host.run(file, { input, executor: { target: 'threads', threads: 2 } });
    const local = await host.run(file, { input });
    expect(threaded.state).toBe('done');
    expect(threaded.results).toEqual(local.results);
  });

  it('shares artifacts between threads through a folder, and relays logs', async () => {
    const file = ws.write(
      'objects.yaml',
      `name: objects\nstages:\n${stage('put', 'artifacts')}${stage('get', 'readArtifact', '    depends_on: [put]\n')}`,
    );
    const logs: string[] = [];
    const out = await host.run(file, {
      input: { who: 'Cy' },
      executor: { target: 'threads', threads: 2 },
      onEvent: (e) => e.type === 'log' && logs.push(e.message),
    });
    expect(out.output).toBe('hello Cy');
    expect(logs).toEqual(['stored the greeting']);
  });

  it('terminates a hanging stage at its timeout', async () => {
    const file = ws.write(
      'hang.yaml',
      `name: hang\nstages:\n${stage('h', 'hang', '    options: { timeout: 100ms }\n')}`,
    );
    const out = await host.run(file, { executor: { target: 'threads', threads: 1 } });
    expect(out.error).toMatchObject({ code: WorkflowErrorCodes.STAGE_TIMEOUT });
  });

  it('refuses stages handed in as functions (PB_WORKFLOW_TARGET_NOT_PORTABLE)', async () => {
    const executor = await host.executor({ target: 'threads', threads: 1 });
    try {
      const task = {
        runId: 'r',
        stage: 's',
        index: undefined,
        attempt: 1,
        baseDir: ws.dir,
        input: 1,
        workflowInput: 1,
        timeoutMs: undefined,
        target: {
          target: 'inline',
          kind: 'plugin' as const,
          url: undefined,
          exportName: 'default',
          version: 'x',
        },
      };
      await expect(
        executor.run(task, { signal: new AbortController().signal, onLog() {}, onProgress() {} }),
      ).rejects.toMatchObject({
        code: WorkflowErrorCodes.TARGET_NOT_PORTABLE,
        message: expect.stringMatching(
          /stage "s" \(target "inline"\) was handed to the host as a function, so a thread cannot import it/,
        ),
      });
    } finally {
      await executor.close();
    }
  });
});
