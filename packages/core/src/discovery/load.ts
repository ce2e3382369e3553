import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeError, ErrorCodes, PlugboardError } from '../errors.js';
import { parseEntryPoint } from '../manifest/entry-point.js';
import { importFresh, syntaxErrorAt, withoutGeneration } from './fresh-import.js';
import type { PluginPackage } from './types.js';

/** Checks a loaded value; returns a description of what is wrong, or nothing when it fits. */
export type ShapeGuard = (value: unknown) => string | undefined;

export interface LoadEntryPointOptions {
  pkg: PluginPackage;
  group: string;
  name: string;
  value: string;
  guard?: ShapeGuard | undefined;
  /**
   * Import a new copy of the entry and of every module of the package's folder it
   * imports (packages under node_modules stay shared), instead of the cached one.
   * For development reloads: each fresh import keeps another copy in memory.
   */
  fresh?: boolean | undefined;
}

function label(o: LoadEntryPointOptions): string {
  return `plugin "${o.name}" (${o.group}) from ${o.pkg.name}@${o.pkg.version}`;
}

function resolveModule(o: LoadEntryPointOptions, module: string): string {
  if (module.startsWith('.') || isAbsolute(module)) {
    const file = isAbsolute(module) ? module : join(o.pkg.dir, module);
    if (!existsSync(file)) {
      throw new PlugboardError(
        ErrorCodes.ENTRY_MISSING,
        `Cannot load ${label(o)}: entry module ${module} does not exist in ${o.pkg.dir}. Build the package, or fix plugboard.entryPoints.${o.group}.${o.name} in its package.json.`,
        { package: o.pkg.name, plugin: o.name, path: file },
      );
    }
    return pathToFileURL(file).href;
  }
  try {
    return pathToFileURL(createRequire(join(o.pkg.dir, 'package.json')).resolve(module)).href;
  } catch (error) {
    throw new PlugboardError(
      ErrorCodes.ENTRY_MISSING,
      `Cannot load ${label(o)}: module "${module}" cannot be resolved from ${o.pkg.dir}. Install it or fix the entry point.`,
      { package: o.pkg.name, plugin: o.name, cause: error },
    );
  }
}

/** CommonJS compiled from ESM (`__esModule`) wraps its default export once more. */
function unwrapDefault(value: unknown): unknown {
  if (
    value &&
    typeof value === 'object' &&
    (value as { __esModule?: boolean }).__esModule &&
    'default' in value
  ) {
    return (value as { default: unknown }).default;
  }
  return value;
}

/**
 * Where in the package an import failed: the file of a syntax error (the first
 * line of its stack), or the first stack frame inside the package folder.
 */
function failedAt(error: unknown, dir: string): string | undefined {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  // Frames name ESM modules by URL and CommonJS ones by path.
  for (const match of stack.matchAll(/(file:\/\/[^\s()]+?|(?<=[\s(]|^)\/[^\s()]+?):(\d+)(?=[:\s)]|$)/gm)) {
    const where = withoutGeneration(match[1]!);
    const file = where.startsWith('file:') ? fileURLToPath(where) : where;
    const rel = relative(dir, file);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return `${rel}:${match[2]}`;
  }
  return undefined;
}

/** Import one entry point (`"module#export"`), unwrap CJS defaults and check its shape. */
export async function loadEntryPoint(o: LoadEntryPointOptions): Promise<unknown> {
  const { module, exportName } = parseEntryPoint(o.value);
  const url = resolveModule(o, module);
  let ns: Record<string, unknown>;
  try {
    ns = (o.fresh ? await importFresh(url, o.pkg.dir) : await import(url)) as Record<string, unknown>;
  } catch (error) {
    const at = failedAt(error, o.pkg.dir) ?? syntaxErrorAt(error);
    throw new PlugboardError(
      ErrorCodes.LOAD_FAILED,
      `Cannot load ${label(o)}: importing ${module} threw "${describeError(error)}"${at ? ` at ${at}` : ''}. Fix the module or report it to the plugin's author.`,
      {
        package: o.pkg.name,
        plugin: o.name,
        ...(at ? { path: join(o.pkg.dir, at.replace(/:\d+$/, '')) } : {}),
        cause: error,
      },
    );
  }
  let value: unknown;
  if (exportName === undefined) {
    value = unwrapDefault(ns.default);
  } else if (exportName in ns) {
    value = ns[exportName];
  } else {
    // CJS modules whose named exports Node's lexer could not see.
    const cjs = ns.default as Record<string, unknown> | undefined;
    value = cjs && typeof cjs === 'object' ? cjs[exportName] : undefined;
  }
  if (value === undefined) {
    const available = Object.keys(ns).join(', ') || 'none';
    throw new PlugboardError(
      ErrorCodes.EXPORT_MISSING,
      `Cannot load ${label(o)}: ${module} has no ${exportName === undefined ? 'default export' : `export "${exportName}"`} (exports: ${available}). Fix the entry point "${o.value}".`,
      { package: o.pkg.name, plugin: o.name },
    );
  }
  const complaint = o.guard?.(value);
  if (complaint) {
    throw new PlugboardError(
      ErrorCodes.SHAPE_INVALID,
      `${label(o)} is not what the ${o.group} host expects: ${complaint}.`,
      { package: o.pkg.name, plugin: o.name },
    );
  }
  return value;
}
