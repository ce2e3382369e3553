// Builds the benchmark's installations: N synthetic @plugboard/cli plugins in a
// provision user plugin directory, and the same N as oclif user plugins (one
// command each, with a prebuilt oclif.manifest.json, oclif's fast path).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Plugin } from '@oclif/core';

const json = (file, value) => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
};

/** A @plugboard/cli host mirroring apps/provision, used until that app is built. */
export function fallbackProvision(dir) {
  const file = join(dir, 'provision.mjs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    file,
    [
      "import { createCli, runMain } from '@plugboard/cli';",
      'await runMain(',
      "  createCli({ name: 'provision', version: '0.1.0', description: 'Provision machines and projects; command groups come from plugins.' }),",
      ');',
      '',
    ].join('\n'),
  );
  return file;
}

/** `$XDG_DATA_HOME/provision/plugins`: a package.json plus node_modules, as `provision plugins install` leaves it. */
export function plugboardPlugins(dataHome, n) {
  const dir = join(dataHome, 'provision', 'plugins');
  rmSync(join(dataHome, 'provision'), { recursive: true, force: true });
  const deps = {};
  for (let i = 0; i < n; i++) {
    const name = `provision-plugin-${i}`;
    const group = `g${i}`;
    deps[name] = '1.0.0';
    const pkg = join(dir, 'node_modules', name);
    json(join(pkg, 'package.json'), {
      name,
      version: '1.0.0',
      type: 'module',
      keywords: ['plugboard-plugin'],
      peerDependencies: { '@plugboard/cli': '>=0.1.0' },
      plugboard: {
        entryPoints: { cli: { [group]: './index.js' } },
        cli: {
          [group]: {
            description: `Commands of synthetic plugin ${i}`,
            commands: { hello: { description: `Say hello from plugin ${i}` } },
          },
        },
      },
    });
    writeFileSync(
      join(pkg, 'index.js'),
      `export default { name: '${group}', defaults: {}, commands(group, ctx) { group.command('hello').description('Say hello from plugin ${i}').action(() => ctx.print('hello ${i}')); } };\n`,
    );
  }
  json(join(dir, 'package.json'), { name: 'provision-plugins', private: true, dependencies: deps });
  // npm's hidden lockfile, which every `npm install` there (so `plugins install`) writes
  json(join(dir, 'node_modules', '.package-lock.json'), {
    name: 'provision-plugins',
    lockfileVersion: 3,
    requires: true,
    packages: Object.fromEntries(
      Object.keys(deps).map((name) => [`node_modules/${name}`, { version: '1.0.0' }]),
    ),
  });
  return dir;
}

/** The oclif root CLI (`ocli`), with an empty prebuilt manifest of its own. */
export function oclifRoot(dir) {
  rmSync(dir, { recursive: true, force: true });
  json(join(dir, 'package.json'), {
    name: 'ocli',
    version: '1.0.0',
    type: 'module',
    bin: { ocli: './bin/run.js' },
    oclif: { bin: 'ocli', dirname: 'ocli', topicSeparator: ' ' },
  });
  json(join(dir, 'oclif.manifest.json'), { version: '1.0.0', commands: {} });
  mkdirSync(join(dir, 'bin'));
  writeFileSync(
    join(dir, 'bin', 'run.js'),
    "#!/usr/bin/env node\nimport { execute } from '@oclif/core';\nawait execute({ dir: import.meta.url });\n",
  );
  return join(dir, 'bin', 'run.js');
}

/** `$XDG_DATA_HOME/ocli`: oclif's user plugin directory, each plugin with its manifest built by oclif itself. */
export async function oclifPlugins(dataHome, n) {
  const dir = join(dataHome, 'ocli');
  rmSync(dir, { recursive: true, force: true });
  const deps = {};
  const plugins = [];
  for (let i = 0; i < n; i++) {
    const name = `ocli-plugin-${i}`;
    deps[name] = '1.0.0';
    plugins.push({ name, type: 'user', tag: 'latest' });
    const root = join(dir, 'node_modules', name);
    json(join(root, 'package.json'), {
      name,
      version: '1.0.0',
      type: 'module',
      oclif: { commands: './commands', topicSeparator: ' ' },
    });
    mkdirSync(join(root, 'commands', `g${i}`), { recursive: true });
    writeFileSync(
      join(root, 'commands', `g${i}`, 'hello.js'),
      `import { Command } from '@oclif/core';\nexport default class Hello extends Command {\n  static description = 'Say hello from plugin ${i}';\n  async run() { this.log('hello ${i}'); }\n}\n`,
    );
    // What `oclif manifest` does before publishing: load the commands once and cache their metadata.
    const plugin = new Plugin({ root, type: 'user', ignoreManifest: true, errorOnManifestCreate: true });
    await plugin.load();
    json(join(root, 'oclif.manifest.json'), plugin.manifest);
  }
  json(join(dir, 'package.json'), {
    private: true,
    oclif: { schema: 1, plugins },
    dependencies: deps,
  });
}

/**
 * The floor of running a plugin command: a CommonJS script doing only what cannot be
 * skipped — read the host's discovery index and stat what it watches, require commander,
 * import the plugin's entry module, let it add its commands, parse. No config, no
 * lifecycle, no error handling, no checks.
 */
export function runFloor(dir) {
  const file = join(dir, 'run-floor.cjs');
  mkdirSync(dir, { recursive: true });
  const commander = createRequire(import.meta.url).resolve('commander', {
    paths: [createRequire(import.meta.url).resolve('@plugboard/cli')],
  });
  writeFileSync(
    file,
    `// generated by bench/cli/generate.mjs
const fs = require('node:fs');
const path = require('node:path');
const [group, ...rest] = process.argv.slice(2);
const index = JSON.parse(fs.readFileSync(path.join(process.env.XDG_DATA_HOME, 'provision/cache/discovery.json'), 'utf8'));
const entry = Object.values(index.entries)[0];
for (const watched in entry.watch) fs.statSync(watched, { throwIfNoEntry: false });
const found = entry.found.find((f) => f.pkg.manifest.entryPoints.cli?.[group]);
const { Command } = require(${JSON.stringify(commander)});
const program = new Command('provision');
import(path.join(found.pkg.dir, found.pkg.manifest.entryPoints.cli[group])).then((m) => {
  const print = (s) => process.stdout.write(s + '\\n');
  const ctx = { config: m.default.defaults ?? {}, print, output: (_v, text) => print(text), debug() {}, interactive: false, paths: {} };
  m.default.commands(program.command(group), ctx);
  return program.parseAsync([group, ...rest], { from: 'user' });
});
`,
  );
  return file;
}
