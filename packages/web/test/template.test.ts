import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

// `plugboard new --host web` renders this template (packages/plugboard's scaffold); here the same
// placeholders are filled by hand so the adapter proves its own template builds and passes its test.
const here = dirname(fileURLToPath(import.meta.url));
const templateDir = join(here, '..', 'template');
const workspace = createRequire(join(here, '..', '..', '..', 'package.json'));
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
const link = (target: string, at: string) => {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(realpathSync(target), at, 'dir');
};

describe('the web template', () => {
  it('generates a plugin that builds and passes its own test with @plugboard/testing/web', () => {
    for (const pkg of ['web', 'testing'])
      if (!existsSync(join(here, '..', '..', pkg, 'dist', 'index.js')))
        throw new Error(`@plugboard/${pkg} is not built; run pnpm build.`);
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
    const modules = join(dir, 'node_modules');
    link(join(here, '..'), join(modules, '@plugboard', 'web'));
    link(join(here, '..', '..', 'testing'), join(modules, '@plugboard', 'testing'));
    link(dirname(workspace.resolve('typescript/package.json')), join(modules, 'typescript'));
    link(dirname(workspace.resolve('@types/node/package.json')), join(modules, '@types', 'node'));
    mkdirSync(join(modules, '.bin'));
    symlinkSync(join(modules, 'typescript', 'bin', 'tsc'), join(modules, '.bin', 'tsc'));
    const test = spawnSync('npm', ['run', '--silent', 'test'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^[#ℹ] pass 4$/m);
    expect(test.stdout).toMatch(/^[#ℹ] fail 0$/m);
  }, 120_000);
});
