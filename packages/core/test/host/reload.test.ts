import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineHost, ErrorCodes } from '@plugboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

interface Greeter {
  word: string;
  extra?: number;
  shared: object;
  outside: object;
}

const host = defineHost<Greeter, { title: string }>({
  group: 'greeter',
  adapter: { name: 'greeter-host', version: '1.0.0' },
  guard: (v) => (typeof (v as Greeter)?.word === 'string' ? undefined : 'it has no word'),
  meta: { schema: z.object({ title: z.string() }) },
});

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function write(root: string, files: Record<string, string | object>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

const manifest = (name: string, entry: string, o: { title?: unknown; requires?: object } = {}) => ({
  name: `${name}-pkg`,
  version: '1.0.0',
  type: 'module',
  peerDependencies: { 'greeter-host': '^1.0.0' },
  plugboard: {
    entryPoints: { greeter: { [name]: entry } },
    greeter: { title: o.title ?? name },
    ...(o.requires ? { requires: o.requires } : {}),
  },
});

/**
 * A linked plugin folder: its entry imports a sibling module, a package installed
 * inside the folder's node_modules, and a workspace package symlinked in from outside.
 */
function linkedPlugin() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'pb-reload-')));
  dirs.push(base);
  const plug = join(base, 'plug');
  write(base, {
    'outside/package.json': { name: 'outside-lib', version: '1.0.0', type: 'module', exports: './index.js' },
    'outside/index.js': 'export default { outside: true };',
  });
  write(plug, {
    'package.json': manifest('greet', './dist/index.js'),
    'dist/index.js': `import { word } from './words.js';
import shared from 'shared-lib';
import outside from 'outside-lib';
export default { word, shared, outside };`,
    'dist/words.js': `export const word = 'hello';`,
    'node_modules/shared-lib/package.json': {
      name: 'shared-lib',
      version: '1.0.0',
      type: 'module',
      exports: './index.js',
    },
    'node_modules/shared-lib/index.js': 'export default { shared: true };',
  });
  symlinkSync(join(base, 'outside'), join(plug, 'node_modules/outside-lib'), 'dir');
  // A second linked plugin that requires the first.
  const fan = join(base, 'fan');
  write(fan, {
    'package.json': manifest('fan', './index.js', { requires: { greet: '^1.0.0' } }),
    'index.js': `export default { word: 'fan', shared: {}, outside: {} };`,
  });
  return { base, plug, fan };
}

function started(paths: string[]) {
  const found = host.discover({ cwd: paths[0], sources: { paths, dependencies: false }, cache: false });
  const seen: string[] = [];
  const life = host.lifecycle(found, {
    hooks: {
      start: ({ id, plugin }) => {
        const greet = life.instance('greet');
        seen.push(`${id} (${plugin.meta?.title}) sees ${greet?.word}`);
      },
    },
  });
  return { found, life, seen };
}

describe('host lifecycle reload(id)', () => {
  it('imports the changed entry and its changed relative module fresh; packages outside the folder stay shared', async () => {
    const { plug, fan } = linkedPlugin();
    const { life, seen } = started([plug, fan]);
    expect((await life.start()).ok).toBe(true);
    const first = life.instance('greet')!;
    expect(first.word).toBe('hello');

    write(plug, { 'dist/words.js': `export const word = 'bonjour';` });
    const report = await life.reload('greet');
    expect(report.plugins.map((p) => `${p.id} ${p.state}`)).toEqual(['greet enabled', 'fan enabled']);
    const second = life.instance('greet')!;
    expect(second.word).toBe('bonjour');
    expect(second).not.toBe(first);
    expect(second.shared).toBe(first.shared); // under the folder's node_modules: not reloaded

    write(plug, {
      'dist/index.js': `import { word } from './words.js';
import shared from 'shared-lib';
import outside from 'outside-lib';
export default { word, shared, outside, extra: 2 };`,
    });
    await life.reload('greet');
    const third = life.instance('greet')!;
    expect(third).toMatchObject({ word: 'bonjour', extra: 2 });
    expect(third.shared).toBe(first.shared);
    expect(third.outside).toBe(second.outside); // a symlinked package resolves outside the folder
    // The dependent was restarted after the provider each time, and saw the new one.
    expect(seen).toEqual([
      'greet (greet) sees hello',
      'fan (fan) sees hello',
      'greet (greet) sees bonjour',
      'fan (fan) sees bonjour',
      'greet (greet) sees bonjour',
      'fan (fan) sees bonjour',
    ]);
    await life.stop();
  });

  it('re-reads package.json: new metadata is seen by hooks and in the discovery result', async () => {
    const { plug } = linkedPlugin();
    const { found, life, seen } = started([plug]);
    await life.start();
    write(plug, { 'package.json': manifest('greet', './dist/index.js', { title: 'Greetings v2' }) });
    await life.reload('greet');
    expect(found.get('greet')?.meta).toEqual({ title: 'Greetings v2' });
    expect(found.get('greet')?.source).toBe('path');
    expect(seen.at(-1)).toBe('greet (Greetings v2) sees hello');
    await life.stop();
  });

  it('a syntax error fails the plugin with PB_LOAD_FAILED naming plugin and file; invalid metadata with PB_META_INVALID; a good save recovers', async () => {
    const { plug, fan } = linkedPlugin();
    const { found, life } = started([plug, fan]);
    await life.start();

    write(plug, { 'dist/words.js': `export const word = 'oops' +;` });
    const broken = await life.reload('greet');
    expect(broken.ok).toBe(false);
    const error = broken.plugins[0]!.error!;
    expect(error.code).toBe(ErrorCodes.LOAD_FAILED);
    expect(error.message).toMatch(/plugin "greet" \(greeter\) from greet-pkg@1\.0\.0/);
    expect(error.message).toMatch(/at dist\/words\.js:1/);
    expect(error.path).toBe(join(plug, 'dist/words.js'));
    expect(broken.plugins[1]).toMatchObject({ id: 'fan', state: 'skipped' });

    write(plug, { 'dist/words.js': `export const word = 'fixed';` });
    write(plug, { 'package.json': manifest('greet', './dist/index.js', { title: 42 }) });
    const invalid = await life.reload('greet');
    expect(invalid.plugins[0]).toMatchObject({ state: 'failed', error: { code: ErrorCodes.META_INVALID } });
    expect(invalid.plugins[0]!.error!.message).toMatch(/plugboard\.greeter\.title/);
    expect(found.why('greet')?.code).toBe(ErrorCodes.META_INVALID);
    expect(found.get('greet')).toBeUndefined();

    write(plug, { 'package.json': manifest('greet', './dist/index.js') });
    const fixed = await life.reload('greet');
    expect(fixed.plugins.map((p) => `${p.id} ${p.state}`)).toEqual(['greet enabled', 'fan enabled']);
    expect(life.instance('greet')!.word).toBe('fixed');
    expect(found.why('greet')).toBeUndefined();

    write(plug, {
      'package.json': { ...manifest('greet', './dist/index.js'), plugboard: { entryPoints: {} } },
    });
    const gone = await life.reload('greet');
    expect(gone.plugins[0]).toMatchObject({ state: 'failed', error: { code: ErrorCodes.PLUGIN_NOT_FOUND } });
    expect(gone.plugins[0]!.error!.message).toMatch(/no longer declares the greeter plugin "greet"/);
    await life.stop();
  });

  it('reloads a CommonJS plugin and the modules it requires from its folder', async () => {
    const { base } = linkedPlugin();
    const cjs = join(base, 'cjs');
    write(cjs, {
      'package.json': { ...manifest('legacy', './index.cjs'), type: 'commonjs' },
      'index.cjs': `module.exports = { word: require('./words.cjs'), shared: {}, outside: {} };`,
      'words.cjs': `module.exports = 'one';`,
    });
    const { life } = started([cjs]);
    await life.start();
    write(cjs, { 'words.cjs': `module.exports = 'two';` });
    await life.reload('legacy');
    expect(life.instance('legacy')!.word).toBe('two');
    write(cjs, { 'words.cjs': `module.exports = 'three';` });
    await life.reload('legacy');
    expect(life.instance('legacy')!.word).toBe('three');
    await life.stop();
  });

  it('works the same from the built package in a plain Node process, which then exits by itself', () => {
    const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    expect(existsSync(dist), 'build @plugboard/core first (npm test does)').toBe(true);
    const { base, plug } = linkedPlugin();
    write(base, {
      'check.mjs': `import { writeFileSync } from 'node:fs';
import { defineHost } from ${JSON.stringify(pathToFileURL(dist).href)};
const host = defineHost({ group: 'greeter', adapter: { name: 'greeter-host', version: '1.0.0' } });
const found = host.discover({ cwd: ${JSON.stringify(plug)}, sources: { paths: [${JSON.stringify(plug)}], dependencies: false }, cache: false });
const life = host.lifecycle(found);
await life.start();
const first = life.instance('greet');
writeFileSync(${JSON.stringify(join(plug, 'dist/words.js'))}, "export const word = 'hola';");
await life.reload('greet');
const second = life.instance('greet');
console.log(JSON.stringify({ words: [first.word, second.word], shared: first.shared === second.shared, outside: first.outside === second.outside }));
await life.stop();`,
    });
    const run = spawnSync(process.execPath, [join(base, 'check.mjs')], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0); // the loader hook thread does not keep the process alive
    expect(JSON.parse(run.stdout)).toEqual({ words: ['hello', 'hola'], shared: true, outside: true });
  });
});
