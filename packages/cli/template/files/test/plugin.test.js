import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createCli } from '@plugboard/cli';
import { createCliHarness } from '@plugboard/testing';
import plugin from '../dist/index.js';

// Run the plugin inside a throwaway CLI (temp config and data folders, output captured).
const cli = createCliHarness((io) => createCli({ name: 'test-cli', version: '0.0.0', plugins: [plugin], ...io }));
after(() => cli.cleanup());

test('the plugin is named after its entry point', () => {
  assert.equal(plugin.name, '{{pluginName}}');
});

test('greet prints a greeting', async () => {
  const result = await cli.run(['{{pluginName}}', 'greet', 'Ada']);
  assert.equal(result.code, 0, result.err);
  assert.match(result.out, /Hello, Ada!/);
});

test('greet --json prints data', async () => {
  const result = await cli.run(['{{pluginName}}', 'greet', 'Ada', '--json']);
  assert.equal(result.code, 0, result.err);
  assert.deepEqual(result.json(), { greeting: 'Hello, Ada!' });
});
