// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references use the ${PREFIX:value} syntax
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createConfig, defineResolver, loadConfig, REDACTED, revealSecrets } from '../src/index.js';
import { quiet } from './helpers.js';

const SECRET = 'p4ssw0rd-very-secret';
const vault = defineResolver({ prefix: 'VAULT', secret: true, resolve: () => SECRET });
const base = { plugins: false as const, logger: quiet, environment: {}, resolvers: [vault] };

describe('secrets', () => {
  it('are readable but redacted in JSON.stringify and util.inspect', async () => {
    const config = await loadConfig({
      ...base,
      defaults: {
        db: { user: 'app', password: 'VAULT:///db', url: 'pg://app:${VAULT:db}@h/db' },
        list: ['VAULT:///x'],
      },
    });
    expect((config.db as { password: string }).password).toBe(SECRET);
    const json = JSON.stringify(config);
    const printed = inspect(config, { depth: 10 });
    for (const text of [json, printed]) {
      expect(text).not.toContain(SECRET);
      expect(text).toContain(REDACTED);
      expect(text).toContain('app');
    }
    expect(JSON.parse(json)).toEqual({
      db: { user: 'app', password: REDACTED, url: REDACTED },
      list: [REDACTED],
    });
    expect(JSON.stringify(revealSecrets(config))).toContain(SECRET);
  });

  it('taint interpolations of secret keys', async () => {
    const config = await loadConfig({ ...base, defaults: { pw: 'VAULT:///x', copy: 'is {{ pw }}' } });
    expect(config.copy).toBe(`is ${SECRET}`);
    expect(JSON.stringify(config)).not.toContain(SECRET);
  });

  it('survive schema validation and are listed in secretKeys', async () => {
    const schema = z.object({ db: z.object({ password: z.string(), port: z.number() }) });
    const host = await createConfig({
      ...base,
      schema,
      defaults: { db: { password: 'VAULT:///x', port: 1 } },
    });
    expect(host.value.db.password).toBe(SECRET);
    expect(JSON.stringify(host.value)).not.toContain(SECRET);
    expect(host.secretKeys).toEqual(['db.password']);
    await host.close();
  });

  it('are scrubbed from resolver logs', async () => {
    const lines: string[] = [];
    const logger = { ...quiet, warn: (m: string) => lines.push(m) };
    const chatty = defineResolver({
      prefix: 'CHATTY',
      resolve: (v, ctx) => {
        ctx.logger.warn(`looked up ${v}`);
        return v;
      },
    });
    await loadConfig({
      ...base,
      logger,
      resolvers: [vault, chatty],
      defaults: { a: 'VAULT:///x', b: '${CHATTY:{{ a }}}' },
    });
    expect(lines).toEqual(['looked up [secret]']);
  });
});
