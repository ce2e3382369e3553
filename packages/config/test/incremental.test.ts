// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references use the ${PREFIX:value} syntax
import { inspect } from 'node:util';
import { createConfigFolder, recordingResolver } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createConfig, defineResolver, loadConfig } from '../src/index.js';
import { quiet } from './helpers.js';

const base = { plugins: false as const, logger: quiet, environment: {} };

describe('warm reloads', () => {
  it('share unchanged subtrees with the previous config and call no resolver again', async () => {
    const vault = recordingResolver('VAULT', { pw: 'hunter22', user: 'app' }, { secret: true });
    using dir = createConfigFolder({
      files: {
        'c.yaml': 'a:\n  x: 1\n  pw: VAULT:///pw\nb:\n  y: 2\n  url: "pg://{{ a.pw }}@h"\nc: [1, 2]\n',
      },
    });
    const host = await createConfig({ ...base, file: dir.path('c.yaml'), resolvers: [vault.resolver] });
    const before = host.value as Record<string, Record<string, unknown>>;
    dir.write('c.yaml', 'a:\n  x: 1\n  pw: VAULT:///pw\nb:\n  y: 3\n  url: "pg://{{ a.pw }}@h"\nc: [1, 2]\n');
    expect(await host.reload()).toBe(true);
    const after = host.value as Record<string, Record<string, unknown>>;
    expect(after.b!.y).toBe(3);
    expect(after.a).toBe(before.a);
    expect(after.c).toBe(before.c);
    expect(after.b).not.toBe(before.b);
    expect(vault.calls).toEqual(['pw']);
    // shared and new objects alike stay frozen and keep their secrets hidden
    expect(Object.isFrozen(after) && Object.isFrozen(after.b) && Object.isFrozen(after.a)).toBe(true);
    expect(JSON.stringify(after)).not.toContain('hunter22');
    expect(inspect(after, { depth: 5 })).not.toContain('hunter22');
    expect(after.b!.url).toBe('pg://hunter22@h');
    expect(host.secretKeys).toEqual(['a.pw', 'b.url']);
    await host.close();
  });

  it('notice a template that moved or changed, and an interpolated key that disappeared', async () => {
    using dir = createConfigFolder({ files: { 'c.yaml': 'a:\n  x: 1\nb: "{{ a.x }}"\nc: "{{ a }}"\n' } });
    const host = await createConfig({ ...base, file: dir.path('c.yaml') });
    expect(host.value).toEqual({ a: { x: 1 }, b: 1, c: { x: 1 } });
    dir.write('c.yaml', 'a:\n  x: 2\nb: "{{ a.x }}"\nc: "{{ a }}"\n');
    await host.reload();
    expect(host.value).toEqual({ a: { x: 2 }, b: 2, c: { x: 2 } });
    dir.write('c.yaml', 'a:\n  x: 2\nd: "{{ a.x }}!"\n');
    await host.reload();
    expect(host.value).toEqual({ a: { x: 2 }, d: '2!' });
    dir.write('c.yaml', 'a:\n  z: 2\nd: "{{ a.x }}!"\n');
    await expect(host.reload()).rejects.toMatchObject({
      code: 'PB_CONFIG_INTERPOLATION_MISSING',
      message: expect.stringContaining(`{{ a.x }} at key \`d\` (${dir.path('c.yaml')}:3:1)`),
    });
    expect(host.value).toEqual({ a: { x: 2 }, d: '2!' });
    await host.close();
  });

  it('fail cleanly when a cached reference is now missing while another is still pending', async () => {
    const slow = defineResolver({
      prefix: 'SLOW',
      resolve: () => new Promise((_, reject) => setTimeout(() => reject(new Error('down')), 20)),
    });
    using dir = createConfigFolder({ files: { 'c.yaml': 'a: ${ENV:MISSING_VAR:-d}\n' } });
    const host = await createConfig({ ...base, file: dir.path('c.yaml'), resolvers: [slow] });
    expect(host.value).toEqual({ a: 'd' });
    // `slow` starts a call first, then `a` fails at once from the cached answer
    dir.write('c.yaml', 'slow: SLOW:///x\na: ${ENV:MISSING_VAR}\n');
    await expect(host.reload()).rejects.toMatchObject({ code: 'PB_CONFIG_REFERENCE_NOT_FOUND' });
    await new Promise((r) => setTimeout(r, 40)); // an unhandled rejection of `slow` would fail the run
    expect(host.value).toEqual({ a: 'd' });
    await host.close();
  });
});

describe('positions computed on demand', () => {
  it('JSON, TOML and .env schema failures name file:line', async () => {
    const schema = z.object({ db: z.object({ port: z.number() }) });
    using dir = createConfigFolder({
      files: {
        'c.json': '{\n  "db": {\n    "port": "x"\n  }\n}\n',
        'c.toml': '[db]\nport = "x"\n',
      },
    });
    for (const [file, at] of [
      ['c.json', ':3:5'],
      ['c.toml', ':2:1'],
    ] as const) {
      await expect(loadConfig({ ...base, file: dir.path(file), schema })).rejects.toMatchObject({
        code: 'PB_CONFIG_SCHEMA',
        message: expect.stringContaining(`db.port (${dir.path(file)}${at})`),
      });
    }
    using env = createConfigFolder({ files: { 'app.env': '# comment\nPORT=x\n' } });
    await expect(
      loadConfig({ ...base, file: env.path('app.env'), schema: z.object({ PORT: z.number() }) }),
    ).rejects.toMatchObject({ message: expect.stringContaining(`PORT (${env.path('app.env')}:2:1)`) });
  });

  it('a YAML syntax error deep in a file points at its line', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `k${i}: ${i}`);
    lines[40] = 'k40: [unclosed';
    using dir = createConfigFolder({ files: { 'c.yaml': `${lines.join('\n')}\n` } });
    await expect(loadConfig({ ...base, file: dir.path('c.yaml') })).rejects.toMatchObject({
      code: 'PB_CONFIG_PARSE',
      line: expect.any(Number),
      message: expect.stringMatching(new RegExp(`${dir.path('c.yaml')}:4[12]:\\d+: invalid YAML`)),
    });
  });
});

describe('resolver calls', () => {
  it('a resolver answering synchronously (or throwing) works like an async one', async () => {
    const sync = defineResolver({
      prefix: 'SYNC',
      resolve: (v) => {
        if (v === 'bad') throw new Error('no such thing');
        return v.toUpperCase();
      },
    });
    expect(
      await loadConfig({ ...base, resolvers: [sync], defaults: { a: 'SYNC:///x', b: '${SYNC:y}!' } }),
    ).toEqual({
      a: 'X',
      b: 'Y!',
    });
    await expect(
      loadConfig({ ...base, resolvers: [sync], defaults: { a: 'SYNC:///bad' } }),
    ).rejects.toMatchObject({
      code: 'PB_CONFIG_RESOLVER_FAILED',
      message: expect.stringContaining('the SYNC reference at key `a` failed: no such thing'),
    });
  });

  it('ctx.signal is aborted when the host closes, even when first read late', async () => {
    let ctxRef: { signal: AbortSignal } | undefined;
    const lazy = defineResolver({
      prefix: 'LAZY',
      resolve: (_v, ctx) => {
        ctxRef = ctx;
        return 'v';
      },
    });
    const host = await createConfig({ ...base, resolvers: [lazy], defaults: { a: 'LAZY:///x' } });
    await host.close();
    expect(ctxRef!.signal.aborted).toBe(true);
  });
});
