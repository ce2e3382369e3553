// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references use the ${PREFIX:value} syntax

import { createConfigFolder } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, defineResolver, generateSealedKey, loadConfig, sealValue } from '../src/index.js';
import { quiet } from './helpers.js';

const base = { plugins: false as const, logger: quiet, environment: {} };
const SECRET = 'top-secret-value';

async function failure(p: Promise<unknown>): Promise<ConfigError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const e = error as ConfigError;
  expect(e.message).toMatch(/^@plugboard\/config: /);
  expect(e.message).not.toContain(SECRET);
  return e;
}

const secretResolver = defineResolver({ prefix: 'VAULT', secret: true, resolve: () => SECRET });

describe('bad input', () => {
  it('malformed YAML gives file:line:col', async () => {
    using dir = createConfigFolder({ files: { 'c.yaml': 'a: 1\nb: [1, 2\nc: 3\n' } });
    const e = await failure(loadConfig({ ...base, file: dir.path('c.yaml') }));
    expect(e.code).toBe('PB_CONFIG_PARSE');
    expect(e.message).toMatch(new RegExp(`cannot parse ${dir.path('c.yaml')}:\\d+:\\d+: invalid YAML`));
    expect(e.file).toBe(dir.path('c.yaml'));
  });

  it('malformed TOML gives file:line:col', async () => {
    using dir = createConfigFolder({ files: { 'c.toml': 'a = 1\nb = = 2\n' } });
    const e = await failure(loadConfig({ ...base, file: dir.path('c.toml') }));
    expect(e.code).toBe('PB_CONFIG_PARSE');
    expect(e.message).toContain(`cannot parse ${dir.path('c.toml')}:2:`);
    expect(e.message).toContain('invalid TOML');
    expect(e.line).toBe(2);
  });

  it('malformed JSON gives file:line:col', async () => {
    using dir = createConfigFolder({ files: { 'c.json': '{\n  "a": 1,\n  "b": }\n' } });
    const e = await failure(loadConfig({ ...base, file: dir.path('c.json') }));
    expect(e.code).toBe('PB_CONFIG_PARSE');
    expect(e.message).toContain(`cannot parse ${dir.path('c.json')}:3:8: invalid JSON`);
  });

  it('a missing config file', async () => {
    const e = await failure(loadConfig({ ...base, file: '/nonexistent/config.yaml' }));
    expect(e.code).toBe('PB_CONFIG_FILE_MISSING');
    expect(e.message).toBe(
      '@plugboard/config: config file /nonexistent/config.yaml cannot be read (ENOENT). Create it or fix the path.',
    );
  });

  it('an unknown prefix names the key, the file:line and the known prefixes', async () => {
    using dir = createConfigFolder({ files: { 'c.yaml': 'db:\n  password: NOPE:///x\n' } });
    const e = await failure(loadConfig({ ...base, file: dir.path('c.yaml') }));
    expect(e.code).toBe('PB_CONFIG_UNKNOWN_PREFIX');
    expect(e.message).toContain(`unknown prefix NOPE at key \`db.password\` (${dir.path('c.yaml')}:2:3)`);
    expect(e.message).toContain('Known prefixes: ENV, FILE, SEALED');
  });

  it('a resolver that throws (its message scrubbed of secrets)', async () => {
    const boom = defineResolver({
      prefix: 'BOOM',
      resolve: () => {
        throw new Error(`backend said no to ${SECRET}`);
      },
    });
    const e = await failure(
      loadConfig({
        ...base,
        resolvers: [secretResolver, boom],
        defaults: { s: 'VAULT:///a', x: '${BOOM:{{ s }}}' },
      }),
    );
    expect(e.code).toBe('PB_CONFIG_RESOLVER_FAILED');
    expect(e.message).toContain('the BOOM reference at key `x` failed: backend said no to [secret]');
  });

  it('a resolver that hangs times out, and its signal is aborted', async () => {
    let signal: AbortSignal | undefined;
    const hang = defineResolver({
      prefix: 'HANG',
      timeoutMs: 50,
      resolve: (_v, ctx) => {
        signal = ctx.signal;
        return new Promise(() => {});
      },
    });
    const e = await failure(loadConfig({ ...base, resolvers: [hang], defaults: { a: { b: 'HANG:///x' } } }));
    expect(e.code).toBe('PB_CONFIG_RESOLVER_TIMEOUT');
    expect(e.message).toContain('the HANG reference at key `a.b` did not answer within 50 ms');
    expect(signal?.aborted).toBe(true);
  });

  it('an interpolation cycle', async () => {
    using dir = createConfigFolder({ files: { 'c.yaml': 'a: "{{ b }}"\nb: "x{{ c }}"\nc: "{{ a }}"\n' } });
    const e = await failure(loadConfig({ ...base, file: dir.path('c.yaml') }));
    expect(e.code).toBe('PB_CONFIG_INTERPOLATION_CYCLE');
    expect(e.message).toContain('interpolation cycle a → b → c → a');
    expect(e.message).toContain(`${dir.path('c.yaml')}:1:1`);
  });

  it('interpolation of a missing key', async () => {
    using dir = createConfigFolder({ files: { 'c.yaml': 'a: 1\nb: "{{ users[2].name }}"\n' } });
    const e = await failure(loadConfig({ ...base, file: dir.path('c.yaml') }));
    expect(e.code).toBe('PB_CONFIG_INTERPOLATION_MISSING');
    expect(e.message).toContain(
      `{{ users[2].name }} at key \`b\` (${dir.path('c.yaml')}:2:1) refers to a key that does not exist`,
    );
  });

  it('a reference that finds nothing and has no default', async () => {
    const e = await failure(loadConfig({ ...base, defaults: { port: '${ENV:PORT}' } }));
    expect(e.code).toBe('PB_CONFIG_REFERENCE_NOT_FOUND');
    expect(e.message).toContain('${ENV:PORT} at key `port` found no value');
  });

  it('schema failure lists key, file and line, without secret values', async () => {
    using dir = createConfigFolder({
      files: {
        'c.yaml': 'db:\n  host: localhost\n  port: "not a port"\n  password: VAULT:///pw\n',
      },
    });
    const schema = z.object({
      db: z.object({ host: z.string(), port: z.number(), password: z.string().max(3) }),
    });
    const e = await failure(
      loadConfig({ ...base, file: dir.path('c.yaml'), schema, resolvers: [secretResolver] }),
    );
    expect(e.code).toBe('PB_CONFIG_SCHEMA');
    expect(e.message).toContain('the config does not match its schema (2 problems)');
    expect(e.message).toContain(`db.port (${dir.path('c.yaml')}:3:3)`);
    expect(e.message).toContain(`db.password (${dir.path('c.yaml')}:4:3)`);
    expect(e.issues.map((i) => [i.key, i.line])).toEqual([
      ['db.port', 3],
      ['db.password', 4],
    ]);
  });

  it('a SEALED value with the wrong key', async () => {
    const sealed = sealValue(SECRET, generateSealedKey());
    const e = await failure(
      loadConfig({
        ...base,
        environment: { PLUGBOARD_SEALED_KEY: generateSealedKey() },
        defaults: { pw: `SEALED:///${sealed}` },
      }),
    );
    expect(e.code).toBe('PB_CONFIG_SEALED_DECRYPT');
    expect(e.message).toContain('cannot decrypt a SEALED value: the key is wrong or the value was altered');
    expect(e.message).toContain('at key `pw`');
  });

  it('a SEALED value without a key', async () => {
    const e = await failure(loadConfig({ ...base, defaults: { pw: 'SEALED:///v1.a.b.c' } }));
    expect(e.code).toBe('PB_CONFIG_SEALED_KEY_MISSING');
    expect(e.message).toContain('export PLUGBOARD_SEALED_KEY');
  });

  it('invalid reference parameters', async () => {
    using dir = createConfigFolder({ files: { 'x.txt': 'x' } });
    const e = await failure(
      loadConfig({ ...base, cwd: dir.root, defaults: { a: '${FILE:x.txt?encoding=latin1}' } }),
    );
    expect(e.code).toBe('PB_CONFIG_PARAMS_INVALID');
    expect(e.message).toContain('encoding must be utf8 or base64');
  });

  it('defineResolver rejects a bad prefix', () => {
    expect(() => defineResolver({ prefix: 'vault', resolve: () => 1 })).toThrow(
      expect.objectContaining({ code: 'PB_CONFIG_RESOLVER_INVALID' }),
    );
  });
});
