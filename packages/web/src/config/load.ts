import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfigError, createConfig, REDACTED } from '@plugboard/config';
import { isPlugboardError } from '@plugboard/core';
import { WebError, WebErrorCodes } from '../errors.js';
import type { WebMeta } from '../meta.js';
import type { AnyWebPlugin } from '../types.js';
import { pluginConfigSchema } from './json-schema.js';

export interface LoadPluginConfigOptions {
  plugin: AnyWebPlugin;
  name: string;
  meta: WebMeta | undefined;
  /** Folder holding `<plugin>.yaml|.yml|.json|.toml`. */
  dir: string | undefined;
  env: Record<string, string | undefined>;
  /** Host project: resolver plugins (VAULT…) are discovered in its dependencies. */
  cwd: string;
}

export interface LoadedPluginConfig {
  value: Record<string, unknown>;
  /** The configuration with secret keys replaced by `[secret]`, for the dashboard and logs. */
  redacted: Record<string, unknown>;
  close(): Promise<void>;
}

/** `notes-pro` → `NOTES_PRO`: the plugin's env var prefix (`NOTES_PRO__PAGE_SIZE`). */
export const envPrefixOf = (name: string) => name.toUpperCase().replace(/-/g, '_');

function fileOf(dir: string | undefined, name: string): string | undefined {
  if (!dir) return undefined;
  return ['yaml', 'yml', 'json', 'toml'].map((ext) => join(dir, `${name}.${ext}`)).find((f) => existsSync(f));
}

function redact(value: Record<string, unknown>, keys: Iterable<string>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (const key of keys) {
    const path = key.split('.');
    let node: Record<string, unknown> | undefined = copy;
    for (const seg of path.slice(0, -1)) node = node?.[seg] as Record<string, unknown> | undefined;
    const last = path.at(-1)!;
    if (node && typeof node === 'object' && last in node) node[last] = REDACTED;
  }
  return copy;
}

/**
 * A plugin's configuration through @plugboard/config: manifest defaults <
 * `<dir>/<plugin>.yaml` < `<PLUGIN>__KEY` env vars, references (`SEALED:///…`,
 * `${ENV:…}`) resolved, then checked against the manifest schema and the
 * plugin's typed schema. Failure names the plugin and the keys.
 */
export async function loadPluginConfig(o: LoadPluginConfigOptions): Promise<LoadedPluginConfig> {
  const schema = pluginConfigSchema(
    o.meta?.config?.schema,
    o.meta?.config?.required ?? [],
    o.plugin.configSchema,
  );
  const file = fileOf(o.dir, o.name);
  try {
    const config = await createConfig({
      defaults: structuredClone(o.meta?.config?.defaults ?? {}),
      ...(file ? { file } : {}),
      envPrefix: envPrefixOf(o.name),
      environment: o.env,
      cwd: o.cwd,
      schema,
      plugins: { cwd: o.cwd },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const value = config.value as Record<string, unknown>;
    const secret = new Set([...config.secretKeys, ...(o.meta?.config?.secret ?? [])]);
    return { value, redacted: redact(value, secret), close: () => config.close() };
  } catch (error) {
    const issues = (error as ConfigError).issues;
    const detail = issues?.length
      ? issues.map((i) => `"${i.key || '(root)'}" ${i.message}`).join('; ')
      : isPlugboardError(error)
        ? error.message.replace(/^@plugboard\/config: /, '').replace(/\.$/, '')
        : String(error);
    throw new WebError(
      WebErrorCodes.CONFIG_INVALID,
      `plugin "${o.name}" configuration is invalid: ${detail}. Fix ${file ?? `its config file (${o.name}.yaml)`} or the ${envPrefixOf(o.name)}__* env vars; the other plugins keep serving.`,
      { plugin: o.name, cause: error, ...(file ? { path: file } : {}) },
    );
  }
}
