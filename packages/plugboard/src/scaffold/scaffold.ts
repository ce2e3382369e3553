import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adapterName, resolveAdapter } from '../adapter.js';
import { projectDir } from '../discovery.js';
import { PlugboardToolCodes, PlugboardToolError } from '../errors.js';
import { assertPackageName, assertPluginName, nameVariants, suggestPluginName } from './names.js';
import { merge, render, renderJson } from './render.js';
import { loadTemplate } from './template.js';

export interface ScaffoldOptions {
  /** npm name of the new plugin package, e.g. `@acme/plugboard-cli-deploy`. */
  name: string;
  /** Host style: the adapter `@plugboard/<host>` whose template is used, e.g. `cli`. */
  host: string;
  /** Project directory the adapter is resolved from. Default `process.cwd()`. */
  cwd?: string;
  /** Target folder. Default `<cwd>/<unscoped name>`. */
  dir?: string;
  /** Entry point name; default derived from the package name. */
  pluginName?: string;
  description?: string;
  /** Write into a non-empty target folder. */
  force?: boolean;
  /** Peer range written for the adapter. Default `^<installed adapter version>`. */
  hostRange?: string;
}

export interface ScaffoldResult {
  dir: string;
  package: string;
  plugin: string;
  group: string;
  host: { name: string; version: string; range: string };
  /** Files written, relative to `dir`. */
  files: string[];
  nextSteps: string[];
}

/** Template file names that npm or tooling would treat specially are stored under another name. */
function targetName(file: string): string {
  if (file === '_gitignore') return '.gitignore';
  if (file === '_npmignore') return '.npmignore';
  return file.endsWith('.tmpl') ? file.slice(0, -'.tmpl'.length) : file;
}

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    return d.isDirectory() ? walk(path, base) : [relative(base, path)];
  });
}

function isNonEmptyDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

/** Where the scaffolder itself is installed: adapters installed beside it count too. */
const selfDir = dirname(fileURLToPath(import.meta.url));

/**
 * Generate a plugin package for a host from the template its adapter ships
 * (`@plugboard/<host>/template`). The scaffolder knows no host: a new adapter
 * only has to ship its own template folder.
 */
export function scaffoldPlugin(options: ScaffoldOptions): ScaffoldResult {
  const cwd = projectDir(options.cwd);
  assertPackageName(options.name);
  if (!/^[a-z][a-z0-9-]*$/.test(options.host)) {
    throw new PlugboardToolError(
      PlugboardToolCodes.HOST_INVALID,
      `plugboard: --host "${options.host}" is not a host name; use the adapter's short name, e.g. cli or config.`,
      { exitCode: 2 },
    );
  }
  const adapter = resolveAdapter(options.host, [cwd, selfDir]);
  if (!adapter) {
    throw new PlugboardToolError(
      PlugboardToolCodes.HOST_NOT_FOUND,
      `plugboard: cannot find ${adapterName(options.host)} from ${cwd}; install it first (npm install -D ${adapterName(options.host)}) or check the --host name.`,
      { path: cwd },
    );
  }
  const template = loadTemplate(adapter, options.host);
  const pluginName =
    options.pluginName ?? suggestPluginName(options.name, template.group, template.pluginNameCase);
  assertPluginName(pluginName, template.pluginNameCase);
  const dir = resolve(cwd, options.dir ?? options.name.replace(/^@[^/]+\//, ''));
  if (!options.force && isNonEmptyDir(dir)) {
    throw new PlugboardToolError(
      PlugboardToolCodes.TARGET_EXISTS,
      `plugboard: ${dir} already exists and is not empty; choose another --dir, or pass --force to write into it.`,
      { path: dir },
    );
  }
  const range = options.hostRange ?? `^${adapter.version}`;
  const vars: Record<string, string> = {
    name: options.name,
    pluginName,
    ...nameVariants(pluginName),
    description: options.description ?? `${template.description}: ${pluginName}`,
    group: template.group,
    hostPackage: adapter.name,
    hostVersion: adapter.version,
    hostRange: range,
  };
  const files: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
    files.push(file);
  };
  for (const file of walk(template.filesDir).sort()) {
    const target = render(targetName(file), vars, file);
    if (target === 'package.json') continue;
    write(target, render(readFileSync(join(template.filesDir, file), 'utf8'), vars, file));
  }
  const base: Record<string, unknown> = {
    name: options.name,
    version: '0.1.0',
    description: vars.description,
    type: 'module',
    keywords: ['plugboard-plugin', `plugboard-${template.group}`],
    files: ['dist'],
    engines: { node: '>=20.19' },
    peerDependencies: { [adapter.name]: range },
    devDependencies: { [adapter.name]: range },
    plugboard: { entryPoints: { [template.group]: { [pluginName]: template.entry } } },
  };
  const pkg = merge(base, renderJson(template.packageJson, vars, 'template.json') as Record<string, unknown>);
  write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  const rel = relative(cwd, dir) || '.';
  return {
    dir,
    package: options.name,
    plugin: pluginName,
    group: template.group,
    host: { name: adapter.name, version: adapter.version, range },
    files: files.sort(),
    nextSteps: [`cd ${rel}`, 'npm install', 'npm test'],
  };
}
