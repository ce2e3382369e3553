import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '@plugboard/config';
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

test('a config host resolves {{pluginName}} references with it', async () => {
  const config = await loadConfig({
    defaults: {
      password: '{{pluginName}}:///db-password',
      url: 'postgres://app:${{{pluginName}}:db-password}@localhost/app',
    },
    resolvers: [resolver],
    resolverOptions: { {{pluginName}}: { values: { 'db-password': 's3cret' } } },
    builtins: false,
    plugins: false,
  });
  assert.equal(config.password, 's3cret');
  assert.equal(config.url, 'postgres://app:s3cret@localhost/app');
});
