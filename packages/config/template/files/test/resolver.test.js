import assert from 'node:assert/strict';
import { test } from 'node:test';
import resolver from '../dist/index.js';

const logger = { debug() {}, info() {}, warn() {}, error() {} };

async function resolveName(name, values) {
  const signal = new AbortController().signal;
  const state = await resolver.setup({ options: { values }, signal, logger, cwd: process.cwd() });
  return resolver.resolve(name, {
    prefix: resolver.prefix,
    key: 'test.key',
    form: 'whole',
    params: {},
    baseDir: process.cwd(),
    signal,
    logger,
    onUpdate() {},
    state,
  });
}

test('the resolver is named after its entry point', () => {
  assert.equal(resolver.prefix, '{{pluginName}}');
});

test('resolves a known name', async () => {
  assert.equal(await resolveName('greeting', { greeting: 'hello' }), 'hello');
});

test('an unknown name resolves to undefined (not found)', async () => {
  assert.equal(await resolveName('missing', { greeting: 'hello' }), undefined);
});
