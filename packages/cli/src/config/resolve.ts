import type { StandardSchemaV1 } from '@standard-schema/spec';
import { CliError, CliErrorCodes } from '../errors.js';
import type { CliPlugin } from '../types.js';
import { checkAgainstDefaults, kindOf } from './check-types.js';
import type { UserConfig } from './file.js';
import { envPrefix, envTree, mergeConfig } from './merge.js';

export interface ResolveConfigOptions {
  cliName: string;
  /** Config group name (the command group). */
  group: string;
  plugin: Pick<CliPlugin, 'defaults' | 'configSchema'>;
  user: UserConfig;
  env: NodeJS.ProcessEnv;
  file: string;
  /** Where warnings go (unknown keys); default nowhere. */
  warn?: (text: string) => void;
}

function issuePath(path: StandardSchemaV1.Issue['path']): string {
  if (!path || path.length === 0) return '';
  return path.map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
}

/** The value at a dotted path, to name what was found. */
function at(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/**
 * defaults ← user file `plugins.<group>` ← env vars, then checked: against the
 * plugin's Standard Schema, or without one against the types of its defaults.
 * Every type error names the file, the key, the expected and the found type.
 */
export async function resolvePluginConfig(o: ResolveConfigOptions): Promise<object> {
  const defaults = (o.plugin.defaults ?? {}) as Record<string, unknown>;
  const fromFile = o.user.plugins?.[o.group] ?? {};
  const merged = mergeConfig(
    envTree(o.env, o.cliName, o.group, mergeConfig(fromFile, defaults)),
    fromFile,
    defaults,
  );
  const where = `Fix plugins.${o.group} in ${o.file} or the ${envPrefix(o.cliName, o.group)}__* env vars, or run \`${o.cliName} config reset ${o.group} --yes\`.`;
  const invalid = (detail: string, cause: unknown, details?: Record<string, string>) =>
    new CliError(
      CliErrorCodes.CONFIG_INVALID,
      `the configuration of "${o.group}" is invalid (${detail}). ${where}`,
      {
        cli: o.cliName,
        plugin: o.group,
        path: o.file,
        cause,
        ...(details ? { details } : {}),
      },
    );
  const schema = o.plugin.configSchema;
  if (!schema) {
    const { issues, unknown } = checkAgainstDefaults(defaults, merged);
    for (const u of unknown)
      o.warn?.(
        `${o.file}: plugins.${o.group}.${u.key} is not a setting of "${o.group}"; it is ignored.${u.suggestion ? ` Did you mean "${u.suggestion}"?` : ''}`,
      );
    const first = issues[0];
    if (!first) return merged;
    const detail = issues
      .slice(0, 5)
      .map((i) => `plugins.${o.group}.${i.key}: expected a ${i.expected}, found a ${i.found}`)
      .join('; ');
    throw invalid(detail, issues, {
      file: o.file,
      key: first.key,
      expected: first.expected,
      found: first.found,
    });
  }
  const result = await schema['~standard'].validate(merged);
  if (!result.issues) return result.value;
  const detail = result.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issuePath(issue.path);
      const found = path ? ` (found a ${kindOf(at(merged, path))})` : '';
      return path ? `plugins.${o.group}.${path}: ${issue.message}${found}` : issue.message;
    })
    .join('; ');
  const first = issuePath(result.issues[0]?.path);
  throw invalid(detail, result.issues, { file: o.file, key: first, found: kindOf(at(merged, first)) });
}
