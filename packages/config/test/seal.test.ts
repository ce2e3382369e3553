import { describe, expect, it } from 'vitest';
import { generateSealedKey, runSealCommand, sealValue, unsealValue } from '../src/index.js';

function io(environment: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      readStdin: async () => stdin,
      environment,
    },
  };
}

describe('seal', () => {
  it('round-trips values and refuses a wrong key', () => {
    const key = generateSealedKey();
    const sealed = sealValue('hello', key);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(unsealValue(sealed, key)).toBe('hello');
    expect(() => unsealValue(sealed, generateSealedKey())).toThrow(
      expect.objectContaining({ code: 'PB_CONFIG_SEALED_DECRYPT' }),
    );
    expect(() => unsealValue(`${sealed.slice(0, -2)}xx`, key)).toThrow(
      expect.objectContaining({ code: 'PB_CONFIG_SEALED_DECRYPT' }),
    );
  });

  it('generate-key, encrypt (argument or stdin) and decrypt', async () => {
    const g = io();
    expect(await runSealCommand(['generate-key'], g.io)).toBe(0);
    const key = g.out.join('').trim();
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);

    const e = io({ PLUGBOARD_SEALED_KEY: key }, 's3cret');
    expect(await runSealCommand(['encrypt'], e.io)).toBe(0);
    const sealed = e.out.join('').trim();
    const d = io({ MY_KEY: key });
    expect(await runSealCommand(['decrypt', sealed, '--key-env', 'MY_KEY'], d.io)).toBe(0);
    expect(d.out.join('')).toBe('s3cret\n');
  });

  it('reports a missing key, a wrong key and an unknown command', async () => {
    const missing = io();
    expect(await runSealCommand(['encrypt', 'x'], missing.io)).toBe(1);
    expect(missing.err.join('')).toContain('plugboard-seal: PLUGBOARD_SEALED_KEY is not set');
    const wrong = io({ PLUGBOARD_SEALED_KEY: generateSealedKey() });
    expect(await runSealCommand(['decrypt', sealValue('s3cret-text', generateSealedKey())], wrong.io)).toBe(
      1,
    );
    expect(wrong.err.join('')).toContain('cannot decrypt a SEALED value: the key is wrong');
    expect(wrong.err.join('')).not.toContain('s3cret-text');
    const unknown = io();
    expect(await runSealCommand(['frobnicate'], unknown.io)).toBe(2);
    expect(unknown.err.join('')).toContain('unknown command "frobnicate"');
  });
});
