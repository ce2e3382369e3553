import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { applyOverrides, envOverrides } from '@plugboard/core';
import { ConfigError, ConfigErrorCodes } from '../errors.js';
import { formatPath, isPlainObject, mergeLayers } from '../path.js';
import { type ConfigFormat, formatOf, parseText } from './formats.js';
import { type Origin, type OriginLayer, Origins } from './origins.js';

/** A layer: a file path, a file with options, config text, or a plain object. */
export type ConfigSource =
  | string
  | { file: string; format?: ConfigFormat; optional?: boolean }
  | { text: string; format: ConfigFormat; name?: string }
  | { object: Record<string, unknown>; name?: string };

export interface LayerOptions {
  cwd: string;
  defaults?: Record<string, unknown> | undefined;
  file?: string | undefined;
  format?: ConfigFormat | undefined;
  env?: string | undefined;
  sources?: ConfigSource[] | undefined;
  envPrefix?: string | undefined;
  environment: Record<string, string | undefined>;
  overrides?: Record<string, unknown> | undefined;
}

export interface Layered {
  data: Record<string, unknown>;
  origins: Origins;
  /** Files read, for watching. */
  files: string[];
}

function readSource(source: ConfigSource, cwd: string): OriginLayer | undefined {
  if (typeof source === 'string') return readSource({ file: source }, cwd);
  // objects belong to the caller: copy them, as merging writes into layers
  if ('object' in source)
    return {
      source: { data: structuredClone(source.object), file: source.name, positions: new Map() },
      located: false,
    };
  if ('text' in source) return { source: parseText(source.text, source.format, source.name), located: true };
  const file = resolve(cwd, source.file);
  const format = source.format ?? formatOf(file);
  if (!format) {
    throw new ConfigError(
      ConfigErrorCodes.FORMAT_UNKNOWN,
      `cannot tell the format of ${file}; name it .yaml, .yml, .json, .toml or .env, or pass { file, format }.`,
      { file },
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (source.optional && code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ConfigError(
        ConfigErrorCodes.FS_DENIED,
        `config file ${file} cannot be read: permission denied (${code}). Give the user running the app read access to it and to the folder ${dirname(file)}, or point \`file\` elsewhere.`,
        { file, details: { errno: code, folder: dirname(file) }, cause: error },
      );
    }
    throw new ConfigError(
      ConfigErrorCodes.FILE_MISSING,
      `config file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Create it or fix the path.`,
      { file, cause: error },
    );
  }
  return { source: parseText(text, format, file), located: true };
}

/** `config.yaml` + env `production` → `config.production.yaml`. */
export function overlayPath(file: string, env: string): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.${env}${ext}`);
}

/** Apply `PREFIX__A__B=value` variables by core's one rule (key spelling and value type from what they replace). */
function applyEnvOverrides(
  data: Record<string, unknown>,
  prefix: string,
  environment: Record<string, string | undefined>,
  origins: Map<string, Origin>,
): void {
  const overrides = envOverrides({ env: environment, prefix, like: data });
  applyOverrides(data, overrides);
  for (const o of overrides) origins.set(formatPath(o.path), { file: `environment variable ${o.variable}` });
}

/**
 * Build the layered raw config, lowest precedence first: `defaults`, the base
 * `file`, its `<name>.<env>.<ext>` overlay, each of `sources`, `<envPrefix>__*`
 * environment variables, then `overrides`.
 */
export function loadLayers(o: LayerOptions): Layered {
  const layers: OriginLayer[] = [];
  const files: string[] = [];
  if (o.defaults) {
    const data = structuredClone(o.defaults);
    layers.push({ source: { data, file: undefined, positions: new Map() }, located: false });
  }
  if (o.file) {
    const file = resolve(o.cwd, o.file);
    files.push(file);
    layers.push(readSource({ file, ...(o.format ? { format: o.format } : {}) }, o.cwd)!);
    if (o.env) {
      const overlay = overlayPath(file, o.env);
      files.push(overlay);
      const format = o.format ?? formatOf(file);
      if (existsSync(overlay))
        layers.push(readSource({ file: overlay, optional: true, ...(format ? { format } : {}) }, o.cwd)!);
    }
  }
  for (const source of o.sources ?? []) {
    if (typeof source === 'string' || 'file' in source) {
      files.push(resolve(o.cwd, typeof source === 'string' ? source : source.file));
    }
    const parsed = readSource(source, o.cwd);
    if (parsed) layers.push(parsed);
  }
  let data: unknown = {};
  let first = true;
  for (const { source: layer } of layers) {
    if (!isPlainObject(layer.data)) {
      throw new ConfigError(
        ConfigErrorCodes.PARSE,
        `${layer.file ?? 'a config source'} must hold a mapping of keys at the top level, not ${Array.isArray(layer.data) ? 'a list' : typeof layer.data}.`,
        { file: layer.file },
      );
    }
    // the first layer is taken as is (every layer is a fresh parse or a copy): nothing to merge into
    data = first ? layer.data : mergeLayers(data, layer.data);
    first = false;
  }
  const merged = data as Record<string, unknown>;
  const envOrigins = new Map<string, Origin>();
  if (o.envPrefix) applyEnvOverrides(merged, o.envPrefix, o.environment, envOrigins);
  const origins = new Origins(layers, envOrigins);
  if (o.overrides)
    return {
      data: mergeLayers(merged, structuredClone(o.overrides)) as Record<string, unknown>,
      origins,
      files,
    };
  return { data: merged, origins, files };
}
