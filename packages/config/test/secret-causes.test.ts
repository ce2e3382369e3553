// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references use the ${PREFIX:value} syntax
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type ConfigError, createConfig, defineResolver, loadConfig } from '../src/index.js';
import { quiet } from './helpers.js';

const SECRET = 'sup3r-s3cret-token';
const vault = defineResolver({ prefix: 'VAULT', secret: true, resolve: () => SECRET });

/** What console.error(value) prints, captured. */
function consoleError(value: unknown): string {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  new Console({ stdout: sink, stderr: sink }).error(value);
  return out;
}

function everyPrint(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    stack: e.stack ?? '',
    json: JSON.stringify(e),
    inspect: inspect(e, { depth: 20 }),
    console: consoleError(e),
  };
}

describe('a secret in an error cause', () => {
  it('is scrubbed from every way an error is printed, through the whole cause chain', async () => {
    const inner = new Error(`token ${SECRET} rejected`);
    const chained = defineResolver({
      prefix: 'LEAKY',
      resolve: () => {
        const outer = new Error(`backend refused ${SECRET}`, { cause: inner });
        Object.assign(outer, { requestBody: `auth=${SECRET}`, status: 401 });
        throw outer;
      },
    });
    const error = await loadConfig({
      plugins: false,
      logger: quiet,
      environment: {},
      resolvers: [vault, chained],
      defaults: { s: 'VAULT:///a', x: '${LEAKY:{{ s }}}' },
    }).catch((e: unknown) => e as ConfigError);
    expect(error).toMatchObject({ code: 'PB_CONFIG_RESOLVER_FAILED' });
    for (const [how, text] of Object.entries(everyPrint(error))) {
      expect(text, how).not.toContain(SECRET);
    }
    // the chain is still there, scrubbed, for whoever debugs it
    const printed = inspect(error, { depth: 20 });
    expect(printed).toContain('[cause]: Error: backend refused [secret]');
    expect(printed).toContain('token [secret] rejected');
    expect(printed).toContain("requestBody: 'auth=[secret]'");
    expect(printed).toContain('status: 401');
  });

  it('leaves causes that hold no secret untouched', async () => {
    const original = new Error('plain failure');
    const plain = defineResolver({
      prefix: 'PLAIN',
      resolve: () => {
        throw original;
      },
    });
    const error = (await loadConfig({
      plugins: false,
      logger: quiet,
      environment: {},
      resolvers: [vault, plain],
      defaults: { s: 'VAULT:///a', x: 'PLAIN:///y' },
    }).catch((e: unknown) => e)) as Error;
    expect(error.cause).toBe(original);
  });

  it('is scrubbed from errors a refresh reports to onError, and from Error objects passed to the logger', async () => {
    const lines: unknown[] = [];
    const logger = { ...quiet, warn: (...args: unknown[]) => lines.push(...args) };
    let fail = false;
    const flaky = defineResolver({
      prefix: 'FLAKY',
      resolve: (_v, ctx) => {
        ctx.logger.warn('lookup failed', new Error(`retrying with ${SECRET}`));
        if (fail) throw new Error(`down, key ${SECRET}`);
        return 'ok';
      },
    });
    const host = await createConfig({
      plugins: false,
      logger,
      environment: {},
      resolvers: [vault, flaky],
      defaults: { s: 'VAULT:///a', x: '${FLAKY:{{ s }}}', n: 1 },
      overrides: {},
    });
    const errors: ConfigError[] = [];
    host.onError((e) => errors.push(e));
    fail = true;
    // a new reference value makes the runner call FLAKY again
    await host.reload().catch((e: unknown) => errors.push(e as ConfigError));
    for (const line of lines) expect(inspect(line)).not.toContain(SECRET);
    for (const e of errors)
      for (const text of Object.values(everyPrint(e))) expect(text).not.toContain(SECRET);
    await host.close();
  });
});
