import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPackageTree } from '@plugboard/testing';
import { scaffoldPlugin } from 'plugboard';
import { afterEach, describe, expect, it } from 'vitest';
import { suggestPluginName } from '../src/scaffold/names.js';
import { fakeAdapter } from './helpers.js';

const trees: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.cleanup();
});

/** A project with a third-party adapter `@plugboard/widget` that ships its own template. */
function widgetProject(templateJson: unknown, files: Record<string, string> = {}) {
  const templateFiles = Object.fromEntries(Object.entries(files).map(([f, t]) => [`template/files/${f}`, t]));
  const tree = createPackageTree({
    packages: [
      fakeAdapter('widget', '3.1.0', {
        'template/template.json':
          typeof templateJson === 'string' ? templateJson : JSON.stringify(templateJson),
        ...templateFiles,
      }),
    ],
  });
  trees.push(tree);
  return tree;
}

describe('scaffoldPlugin with an adapter the scaffolder has never heard of', () => {
  it('renders the template files and writes package.json with entry point and peer range', () => {
    const tree = widgetProject(
      {
        description: 'A widget',
        entry: './dist/widget.js#widget',
        packageJson: { scripts: { build: 'echo {{pluginName}}' } },
      },
      {
        'src/{{pluginName}}.ts':
          'export const widget = "{{pascalName}} for {{hostPackage}}@{{hostRange}}";\n',
        _gitignore: 'dist/\n',
        'README.md.tmpl': '# {{name}}\n',
      },
    );
    const result = scaffoldPlugin({
      name: '@acme/plugboard-widget-fancy-box',
      host: 'widget',
      cwd: tree.root,
    });
    expect(result).toMatchObject({
      dir: join(tree.root, 'plugboard-widget-fancy-box'),
      plugin: 'fancy-box',
      group: 'widget',
      host: { name: '@plugboard/widget', version: '3.1.0', range: '^3.1.0' },
      files: ['.gitignore', 'README.md', 'package.json', 'src/fancy-box.ts'],
    });
    expect(readFileSync(join(result.dir, 'src/fancy-box.ts'), 'utf8')).toBe(
      'export const widget = "FancyBox for @plugboard/widget@^3.1.0";\n',
    );
    expect(readFileSync(join(result.dir, 'README.md'), 'utf8')).toBe('# @acme/plugboard-widget-fancy-box\n');
    const pkg = JSON.parse(readFileSync(join(result.dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: '@acme/plugboard-widget-fancy-box',
      type: 'module',
      peerDependencies: { '@plugboard/widget': '^3.1.0' },
      devDependencies: { '@plugboard/widget': '^3.1.0' },
      scripts: { build: 'echo fancy-box' },
      plugboard: { entryPoints: { widget: { 'fancy-box': './dist/widget.js#widget' } } },
    });
  });

  it('refuses a non-empty target folder unless forced', () => {
    const tree = widgetProject({ description: 'A widget' }, { 'a.txt': 'a' });
    mkdirSync(join(tree.root, 'box'));
    writeFileSync(join(tree.root, 'box/keep.txt'), 'mine');
    expect(() => scaffoldPlugin({ name: 'box', host: 'widget', cwd: tree.root })).toThrow(
      expect.objectContaining({
        code: 'PB_TOOL_TARGET_EXISTS',
        exitCode: 1,
        message: `plugboard: ${join(tree.root, 'box')} already exists and is not empty; choose another --dir, or pass --force to write into it.`,
      }),
    );
    scaffoldPlugin({ name: 'box', host: 'widget', cwd: tree.root, force: true });
    expect(existsSync(join(tree.root, 'box/a.txt'))).toBe(true);
    expect(existsSync(join(tree.root, 'box/keep.txt'))).toBe(true);
  });
});

describe('scaffoldPlugin bad input', () => {
  const cases: Array<[string, () => unknown, Record<string, unknown>]> = [
    [
      'invalid package name',
      () => scaffoldPlugin({ name: 'Bad Name', host: 'cli' }),
      {
        code: 'PB_TOOL_NAME_INVALID',
        exitCode: 2,
        message: expect.stringMatching(/^plugboard: "Bad Name" is not a valid npm package name/),
      },
    ],
    [
      'invalid host name',
      () => scaffoldPlugin({ name: 'ok', host: '../cli' }),
      { code: 'PB_TOOL_HOST_INVALID', exitCode: 2, message: expect.stringContaining('is not a host name') },
    ],
    [
      'host with no adapter installed',
      () => scaffoldPlugin({ name: 'ok', host: 'nope-not-here' }),
      {
        code: 'PB_TOOL_HOST_NOT_FOUND',
        exitCode: 1,
        message: expect.stringContaining('cannot find @plugboard/nope-not-here from'),
      },
    ],
    [
      'plugin name that does not fit the host',
      () => scaffoldPlugin({ name: 'ok', host: 'cli', pluginName: 'Not_Kebab' }),
      {
        code: 'PB_TOOL_NAME_INVALID',
        exitCode: 2,
        message: expect.stringContaining('plugin name "Not_Kebab" does not fit'),
      },
    ],
  ];
  it.each(cases)('%s', (_, run, expected) => {
    expect(run).toThrow(expect.objectContaining(expected));
  });

  it('adapter without a template', () => {
    const tree = createPackageTree({ packages: [fakeAdapter('bare', '1.0.0')] });
    trees.push(tree);
    expect(() => scaffoldPlugin({ name: 'x', host: 'bare', cwd: tree.root })).toThrow(
      expect.objectContaining({
        code: 'PB_TOOL_TEMPLATE_MISSING',
        message: expect.stringMatching(/^plugboard: @plugboard\/bare@1\.0\.0 ships no plugin template/),
      }),
    );
  });

  it.each([
    ['not JSON', '{ nope', 'it is not valid JSON'],
    ['bad name case', { pluginNameCase: 'camel' }, '"pluginNameCase" must be "kebab" or "upper"'],
    ['missing files folder', { files: 'elsewhere' }, 'its files folder'],
  ])('template.json %s', (_, json, problem) => {
    const tree = widgetProject(json, { 'a.txt': 'a' });
    expect(() => scaffoldPlugin({ name: 'x', host: 'widget', cwd: tree.root })).toThrow(
      expect.objectContaining({
        code: 'PB_TOOL_TEMPLATE_INVALID',
        message: expect.stringContaining(problem),
      }),
    );
  });

  it('template with an unknown placeholder', () => {
    const tree = widgetProject({}, { 'a.txt': 'hello {{nope}}' });
    expect(() => scaffoldPlugin({ name: 'x', host: 'widget', cwd: tree.root })).toThrow(
      expect.objectContaining({
        code: 'PB_TOOL_TEMPLATE_INVALID',
        message: expect.stringContaining('unknown placeholder {{nope}} in a.txt'),
      }),
    );
  });
});

describe('suggestPluginName', () => {
  it.each([
    ['@acme/plugboard-cli-deploy', 'cli', 'kebab', 'deploy'],
    ['plugboard-config-vault', 'config', 'upper', 'VAULT'],
    ['my-secrets', 'config', 'upper', 'MY_SECRETS'],
    ['hello', 'cli', 'kebab', 'hello'],
  ] as const)('%s (%s) → %s', (pkg, group, nameCase, expected) => {
    expect(suggestPluginName(pkg, group, nameCase)).toBe(expected);
  });
});

describe('scaffoldPlugin options', () => {
  const template = { description: 'A widget', entry: './dist/w.js', packageJson: {} };

  it('dryRun writes nothing and lists what it would write', () => {
    const tree = widgetProject(template, { 'README.md': '# {{name}}\n' });
    const dir = join(tree.root, 'dry');
    const result = scaffoldPlugin({ name: 'w', host: 'widget', cwd: tree.root, dir, dryRun: true });
    expect(result).toMatchObject({ written: false, files: ['README.md', 'package.json'] });
    expect(existsSync(dir)).toBe(false);
  });

  it('linkSdk points @plugboard/* devDependencies at the local folders it found', () => {
    const tree = widgetProject(template, { 'README.md': 'x\n' });
    const dir = join(tree.root, 'linked');
    const result = scaffoldPlugin({ name: 'w', host: 'widget', cwd: tree.root, dir, linkSdk: true });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@plugboard/widget']).toMatch(/^file:\.\.\/node_modules\/@plugboard\/widget$/);
    expect(pkg.peerDependencies['@plugboard/widget']).toBe('^3.1.0');
    expect(Object.keys(result.linked)).toEqual(['@plugboard/widget']);
  });

  it('a folder it cannot write is PB_TOOL_TARGET_UNWRITABLE naming the folder', () => {
    const tree = widgetProject(template, { 'README.md': 'x\n' });
    // a file where the target folder should be: mkdir fails the way a read-only parent does
    writeFileSync(join(tree.root, 'blocked'), 'x');
    const dir = join(tree.root, 'blocked', 'plugin');
    let error: unknown;
    try {
      scaffoldPlugin({ name: 'w', host: 'widget', cwd: tree.root, dir });
    } catch (e) {
      error = e;
    }
    // ENOTDIR is not a rights problem: it is rethrown as is; EACCES/EROFS/ENOSPC are coded
    expect((error as NodeJS.ErrnoException).code).toBe('ENOTDIR');
  });
});

describe('scaffoldPlugin on a read-only folder', () => {
  it('is PB_TOOL_TARGET_UNWRITABLE (EACCES), run without root rights', async () => {
    const { spawnSync } = await import('node:child_process');
    const { chmodSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const tree = widgetProject(
      { description: 'A widget', entry: './dist/w.js', packageJson: {} },
      { 'README.md': 'x\n' },
    );
    const locked = join(tree.root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const script = `
      const { scaffoldPlugin } = await import(${JSON.stringify(dist)});
      try { scaffoldPlugin({ name: 'w', host: 'widget', cwd: ${JSON.stringify(tree.root)}, dir: ${JSON.stringify(join(locked, 'p'))} }); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, path: e.path })); }`;
    // root writes through permission bits: drop CAP_DAC_OVERRIDE as core's unreadable-folder test does
    const asRoot = process.getuid?.() === 0;
    const [cmd, args] = asRoot
      ? ['setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath]]
      : [process.execPath, []];
    const run = spawnSync(cmd, [...args, '--input-type=module', '-e', script], { encoding: 'utf8' });
    chmodSync(locked, 0o755);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ code: 'PB_TOOL_TARGET_UNWRITABLE', path: join(locked, 'p') });
    expect(out.message).toBe(
      `plugboard: cannot write ${join(locked, 'p', 'README.md')}: the folder is not writable (EACCES). Choose a folder you can write to with --dir, or fix the rights of ${join(locked, 'p')}; nothing else was changed there.`,
    );
  });
});
