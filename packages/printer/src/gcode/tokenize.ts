/** A G-code line broken up as Klipper's dispatcher does it. */
export interface GCodeLine {
  /** Upper-case command: `G1`, `M117`, `SET_FAN_SPEED`; '' for a blank or comment-only line. */
  command: string;
  /** Letter (or letter run) → value, trimmed: `{ X: '10', Y: '20', F: '3000' }`. */
  params: Record<string, string>;
  /** The line as received, trimmed (what error messages quote). */
  line: string;
}

const STAR = 42;
const N_LOWER = 110;
const isWs = (c: number) => c === 32 || (c >= 9 && c <= 13);
/** A-Z, a-z or `_`: the characters of Klipper's `[A-Z_]+` after `line.upper()`. */
const isWordChar = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const hasLower = (s: string, from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
};
/** Internalised one-letter keys: most parameters are one letter, and these cost no allocation. */
const ONE: string[] = Array.from({ length: 128 }, (_v, c) =>
  String.fromCharCode(c >= 97 && c <= 122 ? c - 32 : c),
);

/**
 * `params[letter] = value` as a named store per letter. A keyed store with a
 * different key each time goes megamorphic and adds each property through the
 * slow path; this is most of the cost of a line otherwise.
 */
export function putLetter(params: Record<string, string>, code: number, value: string): void {
  switch (code) {
    case 65:
    case 97:
      params.A = value;
      return;
    case 66:
    case 98:
      params.B = value;
      return;
    case 67:
    case 99:
      params.C = value;
      return;
    case 68:
    case 100:
      params.D = value;
      return;
    case 69:
    case 101:
      params.E = value;
      return;
    case 70:
    case 102:
      params.F = value;
      return;
    case 71:
    case 103:
      params.G = value;
      return;
    case 72:
    case 104:
      params.H = value;
      return;
    case 73:
    case 105:
      params.I = value;
      return;
    case 74:
    case 106:
      params.J = value;
      return;
    case 75:
    case 107:
      params.K = value;
      return;
    case 76:
    case 108:
      params.L = value;
      return;
    case 77:
    case 109:
      params.M = value;
      return;
    case 78:
    case 110:
      params.N = value;
      return;
    case 79:
    case 111:
      params.O = value;
      return;
    case 80:
    case 112:
      params.P = value;
      return;
    case 81:
    case 113:
      params.Q = value;
      return;
    case 82:
    case 114:
      params.R = value;
      return;
    case 83:
    case 115:
      params.S = value;
      return;
    case 84:
    case 116:
      params.T = value;
      return;
    case 85:
    case 117:
      params.U = value;
      return;
    case 86:
    case 118:
      params.V = value;
      return;
    case 87:
    case 119:
      params.W = value;
      return;
    case 88:
    case 120:
      params.X = value;
      return;
    case 89:
    case 121:
      params.Y = value;
      return;
    case 90:
    case 122:
      params.Z = value;
      return;
    default:
      params[ONE[code]!] = value;
  }
}

/** `String.prototype.trim`, without a copy for the usual line that has nothing to trim. */
export function trimLine(raw: string): string {
  const n = raw.length;
  if (n === 0) return raw;
  const a = raw.charCodeAt(0);
  const b = raw.charCodeAt(n - 1);
  return a > 32 && a < 128 && b > 32 && b < 128 ? raw : raw.trim();
}

/** Trimmed `[from, to)`. */
function trimmed(text: string, from: number, to: number): string {
  while (from < to && isWs(text.charCodeAt(from))) from++;
  while (to > from && isWs(text.charCodeAt(to - 1))) to--;
  if (from === to) return '';
  const value = text.slice(from, to);
  // Unicode spaces (only in a non-ASCII line): Python's strip() removes them, as trim() does.
  return text.charCodeAt(from) < 128 && text.charCodeAt(to - 1) < 128 ? value : value.trim();
}

/** End of the word starting at `i`: a run of A-Z/_ or a single `*`. */
function wordEnd(text: string, i: number, end: number): number {
  if (text.charCodeAt(i) === STAR) return i + 1;
  while (i < end && isWordChar(text.charCodeAt(i))) i++;
  return i;
}

/** End of the value starting at `i`: up to the next word. -1 when a non-ASCII character is met. */
function valueEnd(text: string, i: number, end: number, upper: boolean): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isWordChar(c) || c === STAR) break;
    if (c >= 128 && !upper) return -1;
    i++;
  }
  return i;
}

function upperKey(text: string, from: number, to: number): string {
  const key = text.slice(from, to);
  return hasLower(text, from, to) ? key.toUpperCase() : key;
}

/**
 * The command of a line (Klipper's `''.join(parts[:3]).strip()`, or
 * `parts[3:5]` after an `N` line number), scanning only its first words.
 * Returns undefined if a non-ASCII character is in the way.
 */
function commandScan(text: string, end: number, upper: boolean): string | undefined {
  let i = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isWordChar(c) || c === STAR) break;
    if (c >= 128 && !upper) return undefined;
    i++;
  }
  const prefix = i;
  if (i === end) return trimmed(text, 0, end);
  let k = wordEnd(text, i, end);
  let v = valueEnd(text, k, end, upper);
  if (v < 0) return undefined;
  if (prefix === 0 && k === 1 && (text.charCodeAt(0) | 32) === N_LOWER) {
    // `N10 G1 X5`: skip the line number.
    if (v === end) return '';
    i = v;
    k = wordEnd(text, i, end);
    v = valueEnd(text, k, end, upper);
    if (v < 0) return undefined;
  }
  const command = trimmed(text, prefix === 0 ? i : 0, v);
  return hasLower(command, 0, command.length) ? command.toUpperCase() : command;
}

/** The command of the trimmed `line` whose comment starts at `end`. */
export function commandOf(line: string, end: number): string {
  const command = commandScan(line, end, false);
  if (command !== undefined) return command;
  const upper = line.slice(0, end).toUpperCase();
  return commandScan(upper, upper.length, true) ?? '';
}

/**
 * Klipper's `args_r.split(line.upper())` without a regular expression or an
 * upper-cased copy (this is the hot path of every print): a word is a run of
 * `A-Z`/`_` or a single `*`, and the trimmed text up to the next word is its
 * value. A line with non-ASCII text is split from its upper-cased copy,
 * since `toUpperCase` may change lengths ('ß' → 'SS').
 */
export function letterParams(text: string, end: number, upper = false): Record<string, string> {
  // One tight loop with the helpers written out: this runs for every move of a print.
  const params: Record<string, string> = {};
  let i = 0;
  let c = 0;
  while (i < end) {
    c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === STAR) break;
    if (c >= 128 && !upper) return splitUpper(text, end);
    i++;
  }
  while (i < end) {
    let k = i + 1;
    if (c !== STAR) {
      while (k < end) {
        c = text.charCodeAt(k);
        if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) break;
        k++;
      }
    }
    let v = k;
    let from = -1;
    let to = k;
    while (v < end) {
      c = text.charCodeAt(v);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === STAR) break;
      if (c > 32) {
        if (c >= 128) {
          if (!upper) return splitUpper(text, end);
          if (from < 0) from = v;
          to = v + 1;
        } else {
          if (from < 0) from = v;
          to = v + 1;
        }
      } else if (!isWs(c)) {
        if (from < 0) from = v;
        to = v + 1;
      }
      v++;
    }
    const value = from < 0 ? '' : upper ? text.slice(from, to).trim() : text.slice(from, to);
    if (k - i === 1) putLetter(params, text.charCodeAt(i), value);
    else params[upperKey(text, i, k)] = value;
    i = v;
  }
  return params;
}

function splitUpper(text: string, end: number): Record<string, string> {
  const copy = text.slice(0, end).toUpperCase();
  return letterParams(copy, copy.length, true);
}

/** A line broken up eagerly: command, parameters and the trimmed line. */
export function tokenize(raw: string): GCodeLine {
  const line = trimLine(raw);
  const cut = line.indexOf(';');
  const end = cut >= 0 ? cut : line.length;
  return { command: commandOf(line, end), params: letterParams(line, end), line };
}

/** A traditional command is a letter followed by a number (`G1`, `M104`); the rest are "extended". */
export function isTraditional(command: string): boolean {
  const word = command.split(/\s/, 1)[0] ?? '';
  if (word.length < 2) return false;
  const c0 = word.charCodeAt(0);
  const c1 = word.charCodeAt(1);
  return c0 >= 65 && c0 <= 90 && c1 >= 48 && c1 <= 57 && Number.isFinite(Number(word.slice(1)));
}
