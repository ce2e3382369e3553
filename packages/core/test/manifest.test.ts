import { readFileSync } from 'node:fs';
import { parseEntryPoint, parseManifest, validateManifest } from '@plugboard/core';
import { describe, expect, it } from 'vitest';

describe('manifest', () => {
  it('accepts the DESIGN.md example and keeps host-specific keys', () => {
    const raw = {
      entryPoints: { config: { SEALED: './dist/sealed.js#SealedResolver' }, cli: { seal: './dist/cli.js' } },
      requires: { auth: '^1.0.0' },
      permissions: ['storage', 'events.publish'],
      displayName: 'Sealed secrets',
      web: { route: '/sealed' },
    };
    const { value, errors } = validateManifest(raw);
    expect(errors).toEqual([]);
    expect(value).toEqual(raw);
  });

  it('names the package and every bad field', () => {
    expect(() => parseManifest({ entryPoints: { config: { 'bad name': './x.js#1a' } } }, '@acme/p')).toThrow(
      expect.objectContaining({
        code: 'PB_MANIFEST_INVALID',
        package: '@acme/p',
        message: expect.stringMatching(
          /plugboard\.entryPoints\.config\.bad name: must look like .*; plugboard\.entryPoints\.config\.bad name: name must be non-empty, without spaces or "#"/,
        ),
      }),
    );
    expect(validateManifest('yes').errors).toEqual([
      { field: 'plugboard', message: expect.stringContaining('expected object') },
    ]);
  });

  it('splits entry points into module and export', () => {
    expect(parseEntryPoint('./dist/x.js#Foo')).toEqual({ module: './dist/x.js', exportName: 'Foo' });
    expect(parseEntryPoint('./dist/x.js')).toEqual({ module: './dist/x.js', exportName: undefined });
  });

  it('ships a JSON Schema for editor completion of package.json', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../schema/plugboard.schema.json', import.meta.url), 'utf8'),
    );
    const field = schema.properties.plugboard;
    expect(field.required).toEqual(['entryPoints']);
    expect(Object.keys(field.properties)).toEqual(
      expect.arrayContaining(['entryPoints', 'requires', 'permissions']),
    );
    expect(field.properties.entryPoints.description).toContain('Group name');
  });
});
