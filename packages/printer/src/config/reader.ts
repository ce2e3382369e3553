import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { PrinterError, PrinterErrorCodes } from '../errors.js';
import { splitAutosave } from './autosave.js';
import { FileConfig } from './fileconfig.js';
import { glob, hasMagic } from './glob.js';
import { parseConfigText, SECTION_RE, stripHash } from './parse.js';

/** The label Klipper gives values read from the SAVE_CONFIG block. */
export const AUTOSAVE_FILE = '*AUTOSAVE*';

export interface PrinterConfigFiles {
  /** The main file as given. */
  file: string;
  /** Every option in effect: main file, includes, then the SAVE_CONFIG block over them. */
  config: FileConfig;
  /** Only the SAVE_CONFIG block (its options never count as unused). */
  autosave: FileConfig;
  /** Every file read, main file first. */
  files: string[];
  /** Problems that do not stop loading (a corrupted SAVE_CONFIG block). */
  warnings: string[];
}

/** Read a config file as text with `\r\n` normalised, in Klipper's wording when it cannot. */
export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8').replaceAll('\r\n', '\n');
  } catch (cause) {
    throw new PrinterError(PrinterErrorCodes.CONFIG_FILE, `Unable to open config file ${file}`, {
      file,
      hint: 'Check the path and its permissions',
      cause,
    });
  }
}

/**
 * Parse `data` (from `file`) into `target`, following `[include glob]` lines
 * where they stand so that later values override earlier ones in reading
 * order. Include paths are relative to the including file, sorted; a missing
 * plain path is an error, an empty wildcard is not.
 */
export function parseWithIncludes(
  data: string,
  file: string,
  target: FileConfig,
  visited = new Set<string>(),
  files: string[] = [],
): string[] {
  const path = resolve(file);
  if (visited.has(path)) {
    throw new PrinterError(PrinterErrorCodes.CONFIG_INCLUDE, `Recursive include of config file '${file}'`, {
      file,
      hint: 'Remove the [include] that leads back to this file',
    });
  }
  visited.add(path);
  files.push(file);
  const lines = data.split('\n');
  let buffer: string[] = [];
  let bufferStart = 1;
  for (const [index, raw] of lines.entries()) {
    const header = SECTION_RE.exec(stripHash(raw))?.groups?.header;
    if (header?.startsWith('include ')) {
      parseConfigText(buffer.join('\n'), file, target, bufferStart);
      buffer = [];
      bufferStart = index + 2;
      const included = header.slice(8).trim();
      // Python's os.path.join keeps an absolute include path as it is.
      const spec = isAbsolute(included) ? included : join(dirname(file), included);
      const matches = glob(spec);
      if (matches.length === 0 && !hasMagic(spec)) {
        throw new PrinterError(PrinterErrorCodes.CONFIG_INCLUDE, `Include file '${spec}' does not exist`, {
          file,
          line: index + 1,
          hint: 'Fix the path (it is relative to the including file) or use a wildcard',
        });
      }
      for (const match of matches.sort())
        parseWithIncludes(readConfigText(match), match, target, visited, files);
    } else {
      buffer.push(raw);
    }
  }
  parseConfigText(buffer.join('\n'), file, target, bufferStart);
  visited.delete(path);
  return files;
}

/**
 * Read a main printer.cfg the way Klipper does, with one rule from the issue
 * spelled out: the SAVE_CONFIG block overrides values of the main file, and a
 * block value that an included file also sets is an error (Klipper raises it
 * at SAVE_CONFIG time; here it is found at load too, where it can be fixed).
 */
export function readPrinterConfig(file: string, data = readConfigText(file)): PrinterConfigFiles {
  const warnings: string[] = [];
  const split = splitAutosave(data);
  if (split.warning) warnings.push(split.warning);
  const config = new FileConfig();
  const files = parseWithIncludes(split.regular, file, config);
  const autosave = new FileConfig();
  parseConfigText(split.autosave, AUTOSAVE_FILE, autosave, 0);
  for (const section of autosave.sections()) {
    for (const option of autosave.options(section)) {
      const existing = config.entry(section, option);
      if (existing && existing.file !== file) {
        throw new PrinterError(
          PrinterErrorCodes.AUTOSAVE,
          `SAVE_CONFIG section '${section}' option '${option}' conflicts with included value`,
          {
            file: existing.file,
            line: existing.line,
            section,
            hint: `Remove '${option}' from [${section}] in ${existing.file} or from the SAVE_CONFIG block`,
          },
        );
      }
    }
  }
  config.merge(autosave);
  return { file, config, autosave, files, warnings };
}
