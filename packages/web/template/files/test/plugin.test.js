import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { createTestApp } from '@plugboard/testing/web';
import plugin from '../dist/index.js';

// The plugin with the `plugboard.web` metadata of this package, as a server would discover it.
const packageJson = new URL('../package.json', import.meta.url);
let app;
afterEach(() => app?.close());

test('the plugin is named after its entry point', () => {
  assert.equal(plugin.name, '{{pluginName}}');
});

test('POST /greet answers with the configured greeting and counts it', async () => {
  app = createTestApp({ plugins: [{ plugin, packageJson }], config: { '{{pluginName}}': { greeting: 'Howdy' } } });
  const res = await app.post('/api/{{pluginName}}/greet', { name: 'Ada' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { message: 'Howdy, Ada!' });
  assert.deepEqual((await app.get('/api/{{pluginName}}/stats')).json(), { value: 1, label: 'greetings' });
});

test('bad input is a 400 with the schema errors', async () => {
  app = createTestApp({ plugins: [{ plugin, packageJson }] });
  const res = await app.post('/api/{{pluginName}}/greet', {});
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().details[0].keyword, 'required');
});

test('the admin API shows it enabled, with its permissions', async () => {
  app = createTestApp({ plugins: [{ plugin, packageJson }] });
  const [row] = (await app.admin('GET', '/plugins')).json().plugins;
  assert.equal(row.state, 'enabled');
  assert.deepEqual(row.permissions, ['storage', 'events.publish']);
});
