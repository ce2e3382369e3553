import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createWorkflowHost } from '@plugboard/workflow';
import stage from '../dist/index.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const ctx = { runId: 'test', stage: 'main', index: undefined, attempt: 1, workflowInput: {}, log: { debug() {}, info() {}, warn() {}, error() {} }, signal: new AbortController().signal, progress() {}, objects: undefined };

test('the stage counts words', async () => {
  assert.deepEqual(await stage({ text: 'hello plugin world' }, ctx), { words: 3, shout: 'HELLO PLUGIN WORLD' });
});

test('a workflow host discovers the stage and runs the example workflow', async () => {
  const home = mkdtempSync(join(tmpdir(), '{{pluginName}}-test-'));
  const host = await createWorkflowHost({ cwd: home, dataDir: home, store: ':memory:', plugins: { cache: false, sources: { paths: [pkg], dependencies: false } } });
  try {
    assert.equal(host.plugins.get('{{pluginName}}')?.meta?.kind, 'stage');
    const out = await host.run(join(pkg, 'workflows', 'example.yaml'), { input: { text: 'one two' } });
    assert.equal(out.state, 'done', out.error?.message);
    assert.deepEqual(out.output, { words: 2, shout: 'ONE TWO' });
  } finally {
    await host.close();
    rmSync(home, { recursive: true, force: true });
  }
});
