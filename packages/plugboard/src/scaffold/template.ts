import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterPackage } from '../adapter.js';
import { PlugboardToolCodes, PlugboardToolError } from '../errors.js';
import type { NameCase } from './names.js';

/**
 * `template/template.json` in an adapter package: how `plugboard new` turns
 * the files under `template/<files>` into a plugin package for that host.
 */
export interface TemplateDescriptor {
  /** One line shown by `plugboard new`. */
  description: string;
  /** Entry point group the generated plugin registers in. Default: the host name. */
  group: string;
  /** Entry point value written to `plugboard.entryPoints[group][pluginName]`. Default `./dist/index.js`. */
  entry: string;
  /** Spelling rule of the plugin name (`kebab` command groups, `upper` config prefixes). Default `kebab`. */
  pluginNameCase: NameCase;
  /** Folder (relative to template.json) holding the files to copy. Default `files`. */
  files: string;
  /** Merged into the generated package.json (scripts, devDependencies, exports…); strings get placeholders. */
  packageJson: Record<string, unknown>;
}

export interface LoadedTemplate extends TemplateDescriptor {
  /** Absolute folder of the template files. */
  filesDir: string;
  adapter: AdapterPackage;
}

function invalid(file: string, problem: string, cause?: unknown): PlugboardToolError {
  return new PlugboardToolError(
    PlugboardToolCodes.TEMPLATE_INVALID,
    `plugboard: the template ${file} is invalid: ${problem}. Report it to the adapter's maintainers.`,
    { path: file, cause },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read and check the template an adapter ships in its `template/` folder. */
export function loadTemplate(adapter: AdapterPackage, host: string): LoadedTemplate {
  const dir = join(adapter.dir, 'template');
  const file = join(dir, 'template.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PlugboardToolError(
      PlugboardToolCodes.TEMPLATE_MISSING,
      `plugboard: ${adapter.name}@${adapter.version} ships no plugin template (${file} is missing); upgrade it, or scaffold for another --host.`,
      { path: file, cause: error },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(file, 'it is not valid JSON', error);
  }
  if (!isRecord(raw)) throw invalid(file, 'it must be a JSON object');
  const str = (key: string, fallback: string) => {
    const value = raw[key] ?? fallback;
    if (typeof value !== 'string' || value === '') throw invalid(file, `"${key}" must be a non-empty string`);
    return value;
  };
  const pluginNameCase = str('pluginNameCase', 'kebab');
  if (pluginNameCase !== 'kebab' && pluginNameCase !== 'upper') {
    throw invalid(file, '"pluginNameCase" must be "kebab" or "upper"');
  }
  const packageJson = raw.packageJson ?? {};
  if (!isRecord(packageJson)) throw invalid(file, '"packageJson" must be an object');
  const descriptor: TemplateDescriptor = {
    description: str('description', `A plugin for ${adapter.name}`),
    group: str('group', host),
    entry: str('entry', './dist/index.js'),
    pluginNameCase,
    files: str('files', 'files'),
    packageJson,
  };
  const filesDir = join(dir, descriptor.files);
  let isDir = false;
  try {
    isDir = statSync(filesDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw invalid(file, `its files folder ${filesDir} does not exist`);
  return { ...descriptor, filesDir, adapter };
}
