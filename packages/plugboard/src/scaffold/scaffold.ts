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
  /** Write nothing; the result lists what would be written. */
  dryRun?: boolean;
  /**
   * Point the new package's `@plugboard/*` devDependencies at the local copies the
   * scaffolder found (`file:` links), so `npm install && npm test` works before the SDK
   * is on a registry, e.g. for a plugin written inside or beside a Plugboard checkout.
   */
  linkSdk?: boolean;
}

export interface ScaffoldResult {
  dir: string;
  package: string;
  plugin: string;
  group: string;
  host: { name: string; version: string; range: string };
  /** Files written (or, with `dryRun`, that would be), relative to `dir`. */
  files: string[];
  /** False for a dry run. */
  written: boolean;
  /** `@plugboard/*` packages linked from local folders (`linkSdk`), by name. */
  linked: Record<string, string>;
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
  const planned = new Map<string, string>();
  const write = (file: string, text: string) => void planned.set(file, text);
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
  const linked = options.linkSdk ? linkLocalSdk(pkg, adapter, dir) : {};
  write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  if (!options.dryRun) writeAll(dir, planned);
  const rel = relative(cwd, dir) || '.';
  return {
    dir,
    package: options.name,
    plugin: pluginName,
    group: template.group,
    host: { name: adapter.name, version: adapter.version, range },
    files: [...planned.keys()].sort(),
    written: !options.dryRun,
    linked,
    nextSteps: [`cd ${rel}`, 'npm install', 'npm test'],
  };
}

/** Write every planned file; a read-only or full disk is a coded error naming the folder. */
function writeAll(dir: string, planned: ReadonlyMap<string, string>): void {
  for (const [file, text] of planned) {
    try {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!['EACCES', 'EPERM', 'EROFS', 'ENOSPC'].includes(code)) throw error;
      const what = code === 'ENOSPC' ? 'the disk is full' : 'the folder is not writable';
      throw new PlugboardToolError(
        PlugboardToolCodes.TARGET_UNWRITABLE,
        `cannot write ${join(dir, file)}: ${what} (${code}). ${code === 'ENOSPC' ? 'Free some space' : `Choose a folder you can write to with --dir, or fix the rights of ${dir}`}; nothing else was changed there.`,
        { path: dir, details: { errno: code }, cause: error },
      );
    }
  }
}

/**
 * Rewrite `@plugboard/*` devDependencies to `file:` links to the local folders
 * the adapter sees (its own folder, and what is installed beside it). npm links
 * such folders instead of fetching them, so the SDK need not be on a registry.
 */
function linkLocalSdk(
  pkg: Record<string, unknown>,
  adapter: { name: string; dir: string },
  target: string,
): Record<string, string> {
  const dev = (pkg.devDependencies ?? {}) as Record<string, string>;
  const linked: Record<string, string> = {};
  for (const name of Object.keys(dev)) {
    if (!name.startsWith('@plugboard/')) continue;
    const found =
      name === adapter.name
        ? adapter
        : resolveAdapter(name.slice('@plugboard/'.length), [adapter.dir, selfDir]);
    if (!found) continue;
    dev[name] = `file:${relative(target, found.dir) || '.'}`;
    linked[name] = found.dir;
  }
  return linked;
}
