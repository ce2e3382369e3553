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
        code: 'PLUGBOARD_TARGET_EXISTS',
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
        code: 'PLUGBOARD_NAME_INVALID',
        exitCode: 2,
        message: expect.stringMatching(/^plugboard: "Bad Name" is not a valid npm package name/),
      },
    ],
    [
      'invalid host name',
      () => scaffoldPlugin({ name: 'ok', host: '../cli' }),
      { code: 'PLUGBOARD_HOST_INVALID', exitCode: 2, message: expect.stringContaining('is not a host name') },
    ],
    [
      'host with no adapter installed',
      () => scaffoldPlugin({ name: 'ok', host: 'nope-not-here' }),
      {
        code: 'PLUGBOARD_HOST_NOT_FOUND',
        exitCode: 1,
        message: expect.stringContaining('cannot find @plugboard/nope-not-here from'),
      },
    ],
    [
      'plugin name that does not fit the host',
      () => scaffoldPlugin({ name: 'ok', host: 'cli', pluginName: 'Not_Kebab' }),
      {
        code: 'PLUGBOARD_NAME_INVALID',
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
        code: 'PLUGBOARD_TEMPLATE_MISSING',
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
        code: 'PLUGBOARD_TEMPLATE_INVALID',
        message: expect.stringContaining(problem),
      }),
    );
  });

  it('template with an unknown placeholder', () => {
    const tree = widgetProject({}, { 'a.txt': 'hello {{nope}}' });
    expect(() => scaffoldPlugin({ name: 'x', host: 'widget', cwd: tree.root })).toThrow(
      expect.objectContaining({
        code: 'PLUGBOARD_TEMPLATE_INVALID',
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
