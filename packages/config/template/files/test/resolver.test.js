import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConfig, loadConfig } from '@plugboard/config';
import { createConfigFixture, waitUntil } from '@plugboard/testing';
import resolver from '../dist/index.js';

// Each test runs a real config host over a temp folder (files, environment, a recording logger).
/** A fixture closed (hosts and folder) when the test body ends. */
async function withFixture(setup, body) {
  const fx = createConfigFixture(setup);
  try {
    await body(fx);
  } finally {
    await fx.close();
  }
}

const options = (values) => ({
  plugins: false,
  resolvers: [resolver],
  resolverOptions: { {{pluginName}}: { values } },
});

test('the resolver is named after its entry point', () => {
  assert.equal(resolver.prefix, '{{pluginName}}');
});

test('a config host resolves {{pluginName}} references in both forms', async () => {
  await withFixture({
    files: {
      'config.yaml': [
        'password: {{pluginName}}:///db-password',
        'url: "postgres://app:${{{pluginName}}:db-password}@localhost/app"',
        '',
      ].join('\n'),
    },
  }, async (fx) => {
    const config = await loadConfig({ ...fx.defaults, ...options({ 'db-password': 's3cret' }), file: 'config.yaml' });
    assert.equal(config.password, 's3cret');
    assert.equal(config.url, 'postgres://app:s3cret@localhost/app');
  });
});

test('an unknown name is "not found", so a default applies', async () => {
  await withFixture({ files: { 'config.yaml': 'name: "${{{pluginName}}:missing:-fallback}"\n' } }, async (fx) => {
    const config = await loadConfig({ ...fx.defaults, ...options({}), file: 'config.yaml' });
    assert.equal(config.name, 'fallback');
  });
});

test('a bad option is reported with a coded error', async () => {
  await withFixture(undefined, async (fx) => {
    await assert.rejects(
      loadConfig({ ...fx.defaults, ...options('not an object'), defaults: { a: '{{pluginName}}:///x' } }),
      (error) => error.code === 'PB_CONFIG_SETUP_FAILED' && error.message.includes('option "values" must be an object'),
    );
  });
});

test('an edited config file is picked up by a watching host', async () => {
  await withFixture({ files: { 'config.yaml': 'a: {{pluginName}}:///one\n' } }, async (fx) => {
    const host = await fx.start((o) =>
      createConfig({ ...o, ...options({ one: '1', two: '2' }), file: 'config.yaml', watch: true }),
    );
    assert.equal(host.value.a, '1');
    fx.saveAtomic('config.yaml', 'a: {{pluginName}}:///two\n');
    await waitUntil(() => host.value.a === '2');
  });
});
