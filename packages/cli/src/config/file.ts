import { readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '@plugboard/core';
import { CliError, CliErrorCodes } from '../errors.js';
import { fsError } from '../fs-errors.js';

export type UserConfig = { plugins?: Record<string, Record<string, unknown>> } & Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Read the user config file. A missing or empty file is `{}`; a file that is not
 * YAML, or not a mapping, is PB_CLI_CONFIG_CORRUPT naming the file and line, with
 * advice that works on a file that cannot be parsed (the editor, or a full reset).
 * With `group`, only that plugin's section must be a mapping: one plugin's broken
 * section never breaks another plugin's commands.
 */
export async function readUserConfig(file: string, cliName: string, group?: string): Promise<UserConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(
      CliErrorCodes.CONFIG_CORRUPT,
      `cannot read the config file ${file} (${(error as Error).message}); check its permissions.`,
      { cli: cliName, path: file, cause: error },
    );
  }
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true });
  const editor = `open it in your editor (\`$EDITOR ${file}\`) or start over with \`${cliName} config reset --yes\``;
  const corrupt = (detail: string, advice: string, cause?: unknown) =>
    new CliError(
      CliErrorCodes.CONFIG_CORRUPT,
      `the config file ${file} is not valid: ${detail}. To fix it, ${advice}.`,
      {
        cli: cliName,
        path: file,
        ...(group ? { plugin: group } : {}),
        cause,
      },
    );
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const where = first.linePos?.[0] ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}` : '';
    throw corrupt(
      `YAML syntax error${where ? ` at ${where}` : ''} (${first.message.split('\n')[0]})`,
      editor,
      first,
    );
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw corrupt('the top level must be a mapping (key: value)', editor);
  if (value.plugins !== undefined && value.plugins !== null && !isRecord(value.plugins))
    throw corrupt('"plugins" must be a mapping of plugin name to settings', editor);
  const plugins = isRecord(value.plugins) ? value.plugins : {};
  for (const [name, settings] of Object.entries(plugins)) {
    // another plugin's broken section is left as written and not read here
    if (settings === null || isRecord(settings) || (group !== undefined && name !== group)) continue;
    {
      const line = lineOf(doc, name);
      throw corrupt(
        `"plugins.${name}"${line ? ` (line ${line})` : ''} must be a mapping`,
        `run \`${cliName} config reset ${name} --yes\`, or ${editor.replace(/ or start over.*$/, '')}`,
      );
    }
  }
  return value as UserConfig;
}

/** 1-based line of `plugins.<name>` in the document, for messages. */
function lineOf(doc: import('yaml').Document, name: string): number | undefined {
  const node = doc.getIn(['plugins', name], true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return undefined;
  const text = doc.toString();
  return text.slice(0, node.range[0]).split('\n').length;
}

/** Write atomically (core's writeFileAtomic: temp file, fsync, rename) so a crash never leaves half a file. */
export async function writeUserConfig(file: string, config: UserConfig, cliName: string): Promise<void> {
  const { stringify } = await import('yaml');
  try {
    writeFileAtomic(file, stringify(config));
  } catch (error) {
    throw fsError(error, { cliName, path: file, variable: 'XDG_CONFIG_HOME' }) ?? error;
  }
}

/** Remove the whole config file (`config reset`). */
export function removeUserConfig(file: string, cliName: string): void {
  try {
    rmSync(file, { force: true });
  } catch (error) {
    throw fsError(error, { cliName, path: file, variable: 'XDG_CONFIG_HOME' }) ?? error;
  }
}
