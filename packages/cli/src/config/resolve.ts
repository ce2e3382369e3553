import { CliError, CliErrorCodes } from '../errors.js';
import type { CliPlugin } from '../types.js';
import type { UserConfig } from './file.js';
import { deepMerge, envOverrides } from './merge.js';

export interface ResolveConfigOptions {
  cliName: string;
  /** Config group name (the command group). */
  group: string;
  plugin: Pick<CliPlugin, 'defaults' | 'configSchema'>;
  user: UserConfig;
  env: NodeJS.ProcessEnv;
  file: string;
}

function issuePath(path: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined): string {
  if (!path || path.length === 0) return '';
  return path.map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
}

/** defaults ← user file `plugins.<group>` ← env vars, then the plugin's Standard Schema. */
export async function resolvePluginConfig(o: ResolveConfigOptions): Promise<object> {
  const defaults = (o.plugin.defaults ?? {}) as object;
  const merged = deepMerge(
    deepMerge(defaults, o.user.plugins?.[o.group] ?? {}),
    envOverrides(o.env, o.cliName, o.group, defaults),
  );
  const schema = o.plugin.configSchema;
  if (!schema) return merged;
  const result = await schema['~standard'].validate(merged);
  if (!result.issues) return result.value;
  const detail = result.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issuePath(issue.path);
      return path ? `plugins.${o.group}.${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
  throw new CliError(
    CliErrorCodes.CONFIG_INVALID,
    `${o.cliName}: the configuration of "${o.group}" is invalid (${detail}). Fix ${o.file} or the ${o.cliName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${o.group.toUpperCase().replace(/[^A-Z0-9]/g, '_')}__* env vars, or run \`${o.cliName} config reset ${o.group} --yes\`.`,
    { plugin: o.group, path: o.file, cause: result.issues },
  );
}
