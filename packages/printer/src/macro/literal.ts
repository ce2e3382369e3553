import { PyTuple, pyTuple } from './python-types.js';

/**
 * Python's `ast.literal_eval` for what Klipper macros store: numbers,
 * quoted strings, True/False/None, lists, tuples and dicts. Klipper parses
 * `variable_*` options and SET_GCODE_VARIABLE values with it, so `1` is a
 * number, `'text'` a string and bare `text` an error. `(1, 2)` is a
 * {@link PyTuple}, `(1)` just 1, as in Python.
 */
export function parseLiteral(text: string): unknown {
  let i = 0;
  const src = text;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const fail = (why: string): never => {
    throw new SyntaxError(`${why} at position ${i}`);
  };
  const value = (): unknown => {
    ws();
    const c = src[i];
    if (c === undefined) return fail('unexpected end');
    if (c === '[') return list();
    if (c === '(') return parenthesized();
    if (c === '{') return dict();
    if (/^[rRuU]?['"]/.test(src.slice(i, i + 2))) return strings();
    const word = /^(True|False|None)\b/.exec(src.slice(i));
    if (word) {
      i += word[0].length;
      return word[0] === 'True' ? true : word[0] === 'False' ? false : null;
    }
    const radix = /^([+-]?)0([xob])([\da-f_]+)/i.exec(src.slice(i));
    if (radix) {
      i += radix[0].length;
      const n = Number(`0${radix[2]!.toLowerCase()}${radix[3]!.replaceAll('_', '')}`);
      if (Number.isNaN(n)) fail(`invalid number ${JSON.stringify(radix[0])}`);
      return radix[1] === '-' ? -n : n;
    }
    const num = /^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      // Python 3 has no octal `012`; it is a syntax error there, not 12.
      if (/^[+-]?0+[1-9]/.test(num[0]) && !/[.eE]/.test(num[0])) fail('leading zeros in a number');
      i += num[0].length;
      return Number(num[0].replaceAll('_', ''));
    }
    return fail(`malformed node or string: ${JSON.stringify(src.slice(i, i + 20))}`);
  };
  /** `'a' "b"`: Python joins adjacent string literals into one. */
  const strings = (): string => {
    let out = str();
    for (;;) {
      const at = i;
      ws();
      if (!/^[rRuU]?['"]/.test(src.slice(i, i + 2))) {
        i = at;
        return out;
      }
      out += str();
    }
  };
  const str = (): string => {
    const raw = /[rR]/.test(src[i]!);
    if (/[rRuU]/.test(src[i]!)) i++;
    const q = src.startsWith(src[i]!.repeat(3), i) ? src[i]!.repeat(3) : src[i]!;
    i += q.length;
    let out = '';
    while (i < src.length && !src.startsWith(q, i)) {
      if (q.length === 1 && src[i] === '\n') fail('unterminated string');
      if (src[i] === '\\' && i + 1 < src.length) {
        if (raw) {
          out += src.slice(i, i + 2);
          i += 2;
        } else out += readEscape();
      } else out += src[i++];
    }
    if (i >= src.length) fail('unterminated string');
    i += q.length;
    return out;
  };
  const readEscape = (): string => {
    const n = src[i + 1]!;
    i += 2;
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) return simple;
    const hex = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hex) {
      const digits = src.slice(i, i + hex);
      if (!new RegExp(`^[\\da-fA-F]{${hex}}$`).test(digits)) fail(`truncated \\${n} escape`);
      i += hex;
      return String.fromCodePoint(Number.parseInt(digits, 16));
    }
    const octal = /^[0-7]{1,3}/.exec(src.slice(i - 1));
    if (octal) {
      i += octal[0].length - 1;
      return String.fromCodePoint(Number.parseInt(octal[0], 8));
    }
    // An unknown escape keeps its backslash, as in Python.
    return `\\${n}`;
  };
  /** Items up to `close`, comma separated, a trailing comma allowed; whether any comma was seen. */
  const items = (close: string, item: () => void): boolean => {
    i++;
    let comma = false;
    for (;;) {
      ws();
      if (src[i] === close) break;
      item();
      ws();
      if (src[i] === ',') {
        comma = true;
        i++;
      } else if (src[i] !== close) fail(`expected ',' or '${close}'`);
    }
    i++;
    return comma;
  };
  const list = (): unknown[] => {
    const out: unknown[] = [];
    items(']', () => out.push(value()));
    return out;
  };
  const parenthesized = (): unknown => {
    const out: unknown[] = [];
    const comma = items(')', () => out.push(value()));
    return out.length === 1 && !comma ? out[0] : pyTuple(out);
  };
  const dict = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    items('}', () => {
      const key = value();
      if (key !== null && typeof key === 'object' && !(key instanceof PyTuple)) {
        fail(`unhashable type: '${Array.isArray(key) ? 'list' : 'dict'}'`);
      }
      ws();
      if (src[i] !== ':') fail("expected ':'");
      i++;
      out[String(key)] = value();
    });
    return out;
  };
  const result = value();
  ws();
  if (i < src.length) fail('unexpected text after the value');
  return result;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};
