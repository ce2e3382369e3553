import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built bundle, as hosts load it: zod and semver are loaded on first use only, so a
// host answering from a fresh index (most runs) never pays for them.
const bundle = fileURLToPath(new URL('../dist/bundle/index.js', import.meta.url));

function loadedAfter(step: string): { zod: boolean; semver: boolean } {
  const script = `
    const core = await import(${JSON.stringify(bundle)});
    ${step}
    const ids = Object.keys((await import('node:module')).default._cache);
    console.log(JSON.stringify({
      zod: ids.some((id) => /[\\\\/]zod[\\\\/]/.test(id)),
      semver: ids.some((id) => /[\\\\/]semver[\\\\/]/.test(id)),
    }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('core loads zod and semver lazily', () => {
  it('loads neither on import', () => {
    expect(loadedAfter('')).toEqual({ zod: false, semver: false });
  });

  it('validates a plainly valid manifest without zod', () => {
    const step = `
      if (!core.validateManifest({ entryPoints: { cli: { a: './x.js' } } }).value) throw new Error('valid');`;
    expect(loadedAfter(step)).toEqual({ zod: false, semver: false });
  });

  it('loads zod for a manifest that needs its messages, and the result is still checked', () => {
    const step = `
      const bad = core.validateManifest({ entryPoints: { cli: { 'a b': './x.js' } } });
      if (bad.errors[0]?.field !== 'plugboard.entryPoints.cli.a b') throw new Error(JSON.stringify(bad));`;
    expect(loadedAfter(step)).toEqual({ zod: true, semver: false });
  });

  it('loads semver when a peer range is checked', () => {
    const step = `
      const pkg = { name: 'p', version: '1.0.0', dir: '/p', peerDependencies: { h: '^2.0.0' } };
      if (!core.checkCompatibility(pkg, { name: 'h', version: '1.0.0' })) throw new Error('1.0.0 fits ^2');
      if (core.checkCompatibility(pkg, { name: 'h', version: '2.3.0-beta.1' })) throw new Error('prerelease');`;
    expect(loadedAfter(step)).toEqual({ zod: false, semver: true });
  });
});
