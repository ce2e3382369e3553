// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references use the ${PREFIX:value} syntax

import { createConfigFolder, recordingResolver } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { defineResolver, generateSealedKey, loadConfig, sealValue } from '../src/index.js';
import { quiet } from './helpers.js';

const base = { plugins: false as const, logger: quiet };

describe('references', () => {
  it('resolves whole-value, embedded and default forms', async () => {
    const value = await loadConfig({
      ...base,
      environment: { HOST: 'db.local', PORT: '5432' },
      defaults: {
        host: 'ENV:///HOST',
        url: 'postgres://${ENV:HOST}:${ENV:PORT}/app',
        port: '${ENV:PORT}',
        fallback: '${ENV:MISSING:-8080}',
        wholeFallback: 'ENV:///MISSING:-x',
        escaped: 'cost: $${ENV:HOST}',
      },
    });
    expect(value).toEqual({
      host: 'db.local',
      url: 'postgres://db.local:5432/app',
      port: '5432',
      fallback: '8080',
      wholeFallback: 'x',
      escaped: 'cost: ${ENV:HOST}',
    });
  });

  it('passes URI-looking strings through', async () => {
    const value = await loadConfig({
      ...base,
      environment: {},
      defaults: {
        a: 'https://example.com/x',
        b: 'file:///etc/hosts',
        c: 'mailto:a@b.c',
        d: '${not a ref}',
        e: 'a {{ b',
      },
    });
    expect(value).toEqual({
      a: 'https://example.com/x',
      b: 'file:///etc/hosts',
      c: 'mailto:a@b.c',
      d: '${not a ref}',
      e: 'a {{ b',
    });
  });

  it('interpolates keys, array items, subtrees and chains (multi-pass)', async () => {
    const value = await loadConfig({
      ...base,
      environment: { ENVNAME: 'prod' },
      defaults: {
        env: 'ENV:///ENVNAME',
        users: [{ name: 'ada' }, { name: 'bob' }],
        first: 'hello {{ users[0].name }}',
        c: '{{ b }}!',
        b: '{{ a }}-b',
        a: 'a-{{ env }}',
        copy: '{{ users }}',
        port: 5432,
        portCopy: '{{ port }}',
        label: 'port={{ port }}',
        literal: '\\{{ a }}',
      },
    });
    expect(value).toMatchObject({
      first: 'hello ada',
      a: 'a-prod',
      b: 'a-prod-b',
      c: 'a-prod-b!',
      copy: [{ name: 'ada' }, { name: 'bob' }],
      portCopy: 5432,
      label: 'port=5432',
      literal: '{{ a }}',
    });
  });

  it('uses interpolations inside reference arguments (dependency levels)', async () => {
    const vault = recordingResolver('VAULT', { 'prod/db': 's3cret' }, { secret: true });
    const value = await loadConfig({
      ...base,
      environment: { STAGE: 'prod' },
      resolvers: [vault.resolver],
      defaults: { stage: 'ENV:///STAGE', password: '${VAULT:{{ stage }}/db}' },
    });
    expect(value.password).toBe('s3cret');
  });

  it('resolves identical references once', async () => {
    const r = recordingResolver('SLOW', { x: 1 }, { ms: 5 });
    const value = await loadConfig({
      ...base,
      environment: {},
      resolvers: [r.resolver],
      defaults: { a: 'SLOW:///x', b: 'SLOW:///x', c: ['SLOW:///x', 'n=${SLOW:x}'] },
    });
    expect(value).toEqual({ a: 1, b: 1, c: [1, 'n=1'] });
    expect(r.calls).toEqual(['x']);
  });

  it('keeps concurrency within the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = defineResolver({
      prefix: 'SLOW',
      concurrency: 3,
      async resolve(v) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return v;
      },
    });
    const defaults = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, `SLOW:///${i}`]));
    await loadConfig({ ...base, environment: {}, resolvers: [slow], defaults });
    expect(peak).toBe(3);
  });

  it('FILE reads absolute and relative paths, with typed params', async () => {
    using dir = createConfigFolder({ files: { 'secrets/token.txt': 'tok-123\n', 'bin.dat': 'AB' } });
    dir.write(
      'config.yaml',
      `abs: FILE://${dir.path('secrets/token.txt')}\nrel: FILE:///./secrets/token.txt\nemb: "t=\${FILE:secrets/token.txt}"\nraw: "\${FILE:./secrets/token.txt?trim=false}"\nb64: "\${FILE:bin.dat?encoding=base64}"\n`,
    );
    const value = await loadConfig({ ...base, environment: {}, file: dir.path('config.yaml'), cwd: '/' });
    expect(value).toEqual({
      abs: 'tok-123',
      rel: 'tok-123',
      emb: 't=tok-123',
      raw: 'tok-123\n',
      b64: 'QUI=',
    });
  });

  it('SEALED decrypts with the key from the environment', async () => {
    const key = generateSealedKey();
    const value = await loadConfig({
      ...base,
      environment: { PLUGBOARD_SEALED_KEY: key },
      defaults: { password: `SEALED:///${sealValue('hunter22', key)}` },
    });
    expect(value.password).toBe('hunter22');
  });
});
