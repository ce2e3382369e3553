import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSealedKey, sealValue } from '@plugboard/config';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineWebPlugin } from '../src/index.js';
import { startHost, tempDir } from './helpers.js';

const mailer = defineWebPlugin({
  name: 'mailer',
  configSchema: z.object({ host: z.string(), port: z.number().int(), apiKey: z.string(), from: z.string() }),
  meta: {
    config: {
      defaults: { host: 'localhost', port: 25, from: 'noreply@example.com' },
      required: ['apiKey'],
      schema: { type: 'object', properties: { port: { type: 'integer', maximum: 65535 } } },
      secret: ['apiKey'],
    },
  },
  routes(app, ctx) {
    app.get('/config', async () => ({
      port: ctx.config.port,
      host: ctx.config.host,
      keyLength: ctx.config.apiKey.length,
    }));
  },
});

describe('per-plugin configuration', () => {
  it('layers defaults < <plugin>.yaml < MAILER__KEY env vars, resolves SEALED:/// and redacts secrets', async () => {
    const configDir = tempDir();
    const key = generateSealedKey();
    writeFileSync(
      join(configDir, 'mailer.yaml'),
      `host: mail.internal\nport: 2525\napiKey: SEALED:///${sealValue('sk-live-123456', key)}\n`,
    );
    const host = await startHost({
      plugins: [mailer],
      configDir,
      env: { MAILER__PORT: '587', PLUGBOARD_SEALED_KEY: key },
    });
    expect((await host.app.inject('/api/mailer/config')).json()).toEqual({
      port: 587,
      host: 'mail.internal',
      keyLength: 14,
    });
    const summary = host.plugins()[0]!;
    expect(summary.config).toEqual({
      host: 'mail.internal',
      port: 587,
      from: 'noreply@example.com',
      apiKey: '[secret]',
    });
    expect(JSON.stringify(host.plugins())).not.toContain('sk-live-123456');
  });

  it('fails only that plugin, naming the key, when a required key is missing; the others serve', async () => {
    const other = defineWebPlugin({ name: 'other', routes: (app) => void app.get('/', async () => 'ok') });
    const host = await startHost({ plugins: [mailer, other] });
    expect(host.state('mailer')).toBe('failed');
    const error = host.plugins().find((p) => p.name === 'mailer')?.error;
    expect(error?.code).toBe('PB_WEB_CONFIG_INVALID');
    expect(error?.message).toMatch(
      /^@plugboard\/web: plugin "mailer" configuration is invalid: "apiKey" is required/,
    );
    expect(error?.message).toContain('MAILER__*');
    expect((await host.app.inject('/api/other/')).body).toBe('ok');
  });

  it('names the key a manifest JSON Schema rejects', async () => {
    const host = await startHost({ plugins: [mailer], env: { MAILER__APIKEY: 'k', MAILER__PORT: '99999' } });
    expect(host.plugins()[0]?.error?.message).toMatch(/"port" must be <= 65535/);
  });

  it('runs the plugin validate() hook after the schema', async () => {
    const picky = defineWebPlugin({ name: 'picky', validate: () => 'port 25 is blocked here' });
    const host = await startHost({ plugins: [picky] });
    expect(host.plugins()[0]?.error?.message).toMatch(/port 25 is blocked here/);
  });
});
