import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTemplateTest } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

// `plugboard new --host web` renders this template (packages/plugboard's scaffold); here the same
// placeholders are filled by hand so the adapter proves its own template builds and passes its test.
const here = dirname(fileURLToPath(import.meta.url));
const templateDir = join(here, '..', 'template');
const workspace = join(here, '..', '..', '..');
const vars: Record<string, string> = {
  name: '@acme/plugboard-web-greeter',
  pluginName: 'greeter',
  pascalName: 'Greeter',
  camelName: 'greeter',
  constName: 'GREETER',
  description: 'A feature plugin for a web server built on @plugboard/web: greeter',
  group: 'web',
  hostPackage: '@plugboard/web',
  hostVersion: '0.1.0',
  hostRange: '^0.1.0',
};
const render = (text: string) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in vars)) throw new Error(`unknown placeholder ${key}`);
    return vars[key]!;
  });
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)],
  );

describe('the web template', () => {
  it('generates a plugin that builds and passes its own test with @plugboard/testing/web', () => {
    const dir = tempDir('pb-web-template-');
    const files = join(templateDir, 'files');
    for (const file of walk(files)) {
      const target = join(dir, relative(files, file).replace(/(^|\/)_gitignore$/, '$1.gitignore'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, render(readFileSync(file, 'utf8')));
    }
    const template = JSON.parse(render(readFileSync(join(templateDir, 'template.json'), 'utf8')));
    const pkg = {
      name: vars.name,
      version: '0.1.0',
      type: 'module',
      peerDependencies: { '@plugboard/web': vars.hostRange },
      ...template.packageJson,
      plugboard: { entryPoints: { web: { greeter: template.entry } }, ...template.packageJson.plugboard },
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    const test = runTemplateTest(dir, {
      link: { '@plugboard/web': join(here, '..'), '@plugboard/testing': join(here, '..', '..', 'testing') },
      toolchainFrom: workspace,
    });
    expect(test.status, test.output).toBe(0);
    expect(test).toMatchObject({ pass: 4, fail: 0 });
  }, 120_000);
});
