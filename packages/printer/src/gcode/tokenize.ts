/** A G-code line broken up as Klipper's dispatcher does it. */
export interface GCodeLine {
  /** Upper-case command: `G1`, `M117`, `SET_FAN_SPEED`; '' for a blank or comment-only line. */
  command: string;
  /** Letter (or letter run) → value, trimmed: `{ X: '10', Y: '20', F: '3000' }`. */
  params: Record<string, string>;
  /** The line as received, trimmed (what error messages quote). */
  line: string;
}

const isWordChar = (c: number) => (c >= 65 && c <= 90) || c === 95; // A-Z, _
const STAR = 42;

/**
 * Klipper's `args_r.split(line.upper())` without a regular expression (this is
 * the hot path of every print): a word is a run of `A-Z`/`_` or a single `*`,
 * and the text up to the next word is its value. `N<num>` before the command
 * is a line number; `;` starts a comment.
 */
export function tokenize(raw: string): GCodeLine {
  const line = raw.trim();
  const cut = line.indexOf(';');
  const text = (cut >= 0 ? line.slice(0, cut) : line).toUpperCase();
  const params: Record<string, string> = {};
  const n = text.length;
  let i = 0;
  // Text before the first word (normally empty) starts the command.
  while (i < n && !isWordChar(text.charCodeAt(i)) && text.charCodeAt(i) !== STAR) i++;
  const prefix = text.slice(0, i);
  let command = '';
  let index = 0;
  let lineNumber = false;
  while (i < n) {
    const start = i;
    if (text.charCodeAt(i) === STAR) i++;
    else while (i < n && isWordChar(text.charCodeAt(i))) i++;
    const key = text.slice(start, i);
    const vstart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isWordChar(c) || c === STAR) break;
      i++;
    }
    const rawValue = text.slice(vstart, i);
    const value = rawValue.trim();
    params[key] = value;
    if (index === 0) {
      if (prefix === '' && key === 'N') lineNumber = true;
      else command = (prefix + key + rawValue).trim();
    } else if (index === 1 && lineNumber) command = (key + rawValue).trim();
    index++;
  }
  if (index === 0) command = prefix.trim();
  return { command, params, line };
}

/** A traditional command is a letter followed by a number (`G1`, `M104`); the rest are "extended". */
export function isTraditional(command: string): boolean {
  const word = command.split(/\s/, 1)[0] ?? '';
  if (word.length < 2) return false;
  const c0 = word.charCodeAt(0);
  const c1 = word.charCodeAt(1);
  return c0 >= 65 && c0 <= 90 && c1 >= 48 && c1 <= 57 && Number.isFinite(Number(word.slice(1)));
}
