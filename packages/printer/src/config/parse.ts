import { PrinterError, PrinterErrorCodes } from '../errors.js';
import type { FileConfig } from './fileconfig.js';

/**
 * `[header]` as Python's configparser matches it on a stripped line: from the
 * first `[` to the last `]`. Klipper uses the same rule on the raw line to find
 * `[include ...]`.
 */
export const SECTION_RE = /^\[(?<header>.+)\]/;
/** `option: value` or `option = value`; the option ends at the first delimiter. */
const OPTION_RE = /^(?<option>.*?)\s*(?<sep>[=:])\s*(?<value>.*)$/s;
const FIRST_NONSPACE = /\S/;

/**
 * Klipper strips everything after `#` on every line before configparser sees
 * it, so `#` starts a comment anywhere (even inside a value).
 */
export function stripHash(line: string): string {
  const pos = line.indexOf('#');
  return pos >= 0 ? line.slice(0, pos) : line;
}

/** Start of a `;` comment: at the line start or after whitespace (configparser's inline rule). */
function semicolonComment(line: string): number {
  let index = line.indexOf(';');
  while (index > 0 && !/\s/.test(line[index - 1]!)) index = line.indexOf(';', index + 1);
  return index;
}

/**
 * Parse config text into `target` with RawConfigParser's rules as Klipper
 * configures it (`strict=False`, `#`/`;` comments, empty lines kept inside
 * values): repeated sections merge and the last value of an option wins;
 * lines indented deeper than their option continue its value.
 */
export function parseConfigText(text: string, file: string, target: FileConfig, firstLine = 1): void {
  let section: string | undefined;
  let option: string | undefined;
  let parts: string[] | undefined;
  let indentLevel = 0;
  const lines = text.split('\n');
  const flush = () => {
    if (section !== undefined && option !== undefined && parts) {
      const entry = target.entry(section, option)!;
      entry.value = parts.join('\n').trimEnd();
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = stripHash(lines[i]!);
    const lineNo = firstLine + i;
    let commentStart = semicolonComment(line);
    if (line.trim().startsWith(';')) commentStart = 0;
    const value = (commentStart >= 0 ? line.slice(0, commentStart) : line).trim();
    if (!value) {
      // An empty line (no comment on it) is part of a multi-line value.
      if (commentStart < 0 && option !== undefined && parts) parts.push('');
      continue;
    }
    const indent = line.search(FIRST_NONSPACE);
    if (option !== undefined && parts && indent > indentLevel) {
      parts.push(value);
      continue;
    }
    indentLevel = indent;
    const header = SECTION_RE.exec(value);
    if (header) {
      flush();
      section = header.groups!.header!;
      target.addSection(section, { file, line: lineNo });
      option = undefined;
      parts = undefined;
      continue;
    }
    if (section === undefined) {
      throw new PrinterError(
        PrinterErrorCodes.CONFIG_SYNTAX,
        `File contains no section headers: '${lines[i]!.trim()}'`,
        { file, line: lineNo, hint: 'Start the file with a [section] header' },
      );
    }
    const match = OPTION_RE.exec(value);
    const name = match?.groups?.option?.trimEnd();
    if (!match || !name) {
      throw new PrinterError(
        PrinterErrorCodes.CONFIG_SYNTAX,
        `File contains parsing errors: '${lines[i]!.trim()}'`,
        { file, line: lineNo, section, hint: 'Write options as "name: value" and indent continuation lines' },
      );
    }
    flush();
    option = name.toLowerCase();
    parts = [match.groups!.value!.trim()];
    target.set(section, option, parts[0]!, { file, line: lineNo });
  }
  flush();
}
