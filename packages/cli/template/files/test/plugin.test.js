import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createCli } from '@plugboard/cli';
import plugin from '../dist/index.js';

/** Run the plugin inside a throwaway CLI and capture what it prints. */
async function run(args) {
  const home = mkdtempSync(join(tmpdir(), '{{pluginName}}-test-'));
  let stdout = '';
  let stderr = '';
  const sink = (write) => new Writable({ write: (chunk, _enc, done) => (write(String(chunk)), done()) });
  try {
    const cli = createCli({
      name: 'test-cli',
      version: '0.0.0',
      plugins: [plugin],
      configDir: join(home, 'config'),
      dataDir: join(home, 'data'),
      env: {},
      interactive: false,
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
    });
    const code = await cli.run(args);
    return { code, stdout, stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

test('the plugin is named after its entry point', () => {
  assert.equal(plugin.name, '{{pluginName}}');
});

test('greet prints a greeting', async () => {
  const result = await run(['{{pluginName}}', 'greet', 'Ada']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Hello, Ada!/);
});

test('greet --json prints data', async () => {
  const result = await run(['{{pluginName}}', 'greet', 'Ada', '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { greeting: 'Hello, Ada!' });
});
