import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, CliErrorCodes } from '../errors.js';

export type UserConfig = { plugins?: Record<string, Record<string, unknown>> } & Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Read the user config file. A missing or empty file is `{}`; a file that is
 * not YAML, or not a mapping, is a CliError (PB_CLI_CONFIG_CORRUPT) naming the
 * file and line so the user can fix or reset it.
 */
export async function readUserConfig(file: string, cliName: string): Promise<UserConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(
      CliErrorCodes.CONFIG_CORRUPT,
      `${cliName}: cannot read the config file ${file} (${(error as Error).message}); check its permissions.`,
      { path: file, cause: error },
    );
  }
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true });
  const corrupt = (detail: string, cause?: unknown) =>
    new CliError(
      CliErrorCodes.CONFIG_CORRUPT,
      `${cliName}: the config file ${file} is not valid: ${detail}. Fix it with \`${cliName} config edit\` or start over with \`${cliName} config reset --yes\`.`,
      { path: file, cause },
    );
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const where = first.linePos?.[0] ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}` : '';
    throw corrupt(`YAML syntax error${where ? ` at ${where}` : ''} (${first.message.split('\n')[0]})`, first);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw corrupt('the top level must be a mapping (key: value)');
  if (value.plugins !== undefined && value.plugins !== null && !isRecord(value.plugins))
    throw corrupt('"plugins" must be a mapping of plugin name to settings');
  if (isRecord(value.plugins)) {
    for (const [name, settings] of Object.entries(value.plugins)) {
      if (settings !== null && !isRecord(settings)) throw corrupt(`"plugins.${name}" must be a mapping`);
    }
  }
  return value as UserConfig;
}

/** Write atomically so an interrupted write never leaves a corrupt file. */
export async function writeUserConfig(file: string, config: UserConfig): Promise<void> {
  const { stringify } = await import('yaml');
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, stringify(config));
  renameSync(tmp, file);
}
