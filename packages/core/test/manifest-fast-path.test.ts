import { describe, expect, it } from 'vitest';
import { manifestSchema } from '../src/manifest/schema.js';
import { isPlainlyValid, validateManifest } from '../src/manifest/validate.js';

// The plain check must never accept what the zod schema rejects, and must accept the
// manifests real plugins have (else discovery loads zod for nothing).

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s >>> 13;
    return (s >>> 0) / 2 ** 32;
  };
}

const STRINGS = [
  '',
  ' ',
  'a',
  'a b',
  '#',
  'a#b',
  './x.js',
  './x.js#Ok',
  './x.js#1a',
  'pkg/sub#$x',
  '^1.0.0',
  '__proto__',
  'constructor',
];

function generate(next: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const scalar = (): unknown => pick<unknown>([...STRINGS, 0, 1, true, null, undefined, [], {}, ['a']]);
  const record = (value: () => unknown): unknown => {
    const roll = next();
    if (roll < 0.1) return scalar();
    const out: Record<string, unknown> = roll < 0.15 ? Object.create(null) : {};
    const n = Math.floor(next() * 4);
    for (let i = 0; i < n; i++) out[pick(STRINGS)] = value();
    return out;
  };
  const entryValue = () => (next() < 0.7 ? pick(['./x.js', './x.js#Ok', 'pkg/sub#$x']) : scalar());
  const manifest: Record<string, unknown> = {};
  if (next() < 0.95) manifest.entryPoints = record(() => record(entryValue));
  if (next() < 0.3) manifest.requires = record(() => (next() < 0.7 ? '^1.0.0' : scalar()));
  if (next() < 0.3)
    manifest.permissions =
      next() < 0.7 ? [pick(['storage', 'a']), ...(next() < 0.2 ? [scalar()] : [])] : scalar();
  if (next() < 0.3) manifest.displayName = next() < 0.7 ? 'Name' : scalar();
  if (next() < 0.3) manifest.description = next() < 0.7 ? 'About' : scalar();
  if (next() < 0.2) manifest.web = scalar();
  return next() < 0.03 ? scalar() : manifest;
}

describe('manifest fast path', () => {
  it('accepts only what the schema accepts, with the same value', () => {
    const next = random(7);
    let accepted = 0;
    let rejectedByBoth = 0;
    for (let i = 0; i < 5000; i++) {
      const raw = generate(next);
      const parsed = manifestSchema().safeParse(raw);
      if (isPlainlyValid(raw)) {
        accepted++;
        expect(parsed.success, JSON.stringify(raw)).toBe(true);
        expect(parsed.data).toEqual(raw);
      } else if (!parsed.success) rejectedByBoth++;
    }
    // Both kinds were generated, so the comparison had something to compare.
    expect(accepted).toBeGreaterThan(200);
    expect(rejectedByBoth).toBeGreaterThan(200);
  });

  it('accepts the manifests plugins have, without zod', () => {
    const manifests = [
      { entryPoints: { cli: { hello: './dist/index.js' } } },
      { entryPoints: { config: { VAULT: './dist/vault.js#VaultResolver' } }, displayName: 'Vault' },
      {
        entryPoints: { web: { blog: './dist/plugin.js#plugin' } },
        requires: { auth: '^1.0.0' },
        permissions: ['storage', 'events.publish'],
        description: 'A blog',
        web: { route: '/blog' },
      },
      { entryPoints: {} },
    ];
    for (const manifest of manifests) expect(isPlainlyValid(manifest)).toBe(true);
  });

  it('still reports a bad manifest through the schema', () => {
    expect(validateManifest({ entryPoints: { cli: { 'a b': './x.js' } } }).errors).toEqual([
      { field: 'plugboard.entryPoints.cli.a b', message: 'name must be non-empty, without spaces or "#"' },
    ]);
  });
});
