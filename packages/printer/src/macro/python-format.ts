/**
 * Python's printf-style `%` operator, as Klipper's Jinja macros use it:
 * `"%.2f" % value`, `"%d %s" % (a, b)`, `"%(name)s" % dict`. A bad format
 * throws a TypeError or ValueError with Python's wording, which the template
 * turns into a macro template error.
 */
import { formatExponent, formatFixed, formatGeneral } from './python-float.js';
import { pyRepr, pyStr, typeName } from './python-str.js';
import { PyTuple } from './python-types.js';

/**
 * An exception as Python would raise it: Klipper reports a template failure as
 * `Error evaluating 'gcode_macro X:gcode': TypeError: not enough arguments for format string`.
 */
export class PythonError extends Error {
  constructor(
    readonly pythonType:
      | 'TypeError'
      | 'ValueError'
      | 'KeyError'
      | 'ZeroDivisionError'
      | 'OverflowError'
      | 'FilterArgumentError',
    message: string,
  ) {
    super(message);
    this.name = pythonType;
  }
}
const typeError = (message: string) => new PythonError('TypeError', message);

// After the `%` and an optional `(key)`: flags, width, precision, a length modifier Python ignores, the type.
const SPEC = /([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)/y;

function toNumber(v: unknown, type: string, integer: boolean): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (integer && !Number.isInteger(v))
      throw typeError(`%${type} format: an integer is required, not float`);
    return v;
  }
  // Python 3.11's own wording differs by conversion.
  if ('eEfFgG'.includes(type)) throw typeError(`must be real number, not ${typeName(v)}`);
  const want = integer ? 'an integer' : 'a real number';
  throw typeError(`%${type} format: ${want} is required, not ${typeName(v)}`);
}

/** A `*` width or precision: an int, and nothing else. */
function star(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw typeError('* wants int');
}

/** `%d` of a float is `int(value)`, which has no answer for inf and nan. */
function integerDigits(a: number, type: string): string {
  if (Number.isNaN(a)) throw new PythonError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(a)) throw new PythonError('OverflowError', 'cannot convert float infinity to integer');
  const n = BigInt(Math.trunc(a));
  return type === 'x' || type === 'X' ? n.toString(16) : type === 'o' ? n.toString(8) : n.toString();
}

const pad = (s: string, width: number, left: boolean) =>
  s.length >= width ? s : left ? s + ' '.repeat(width - s.length) : ' '.repeat(width - s.length) + s;

function formatText(type: string, v: unknown, prec: number | undefined): string {
  if (type === 'c') {
    if (typeof v === 'string' && [...v].length === 1) return v;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError('%c requires int or char');
    if (v < 0 || v > 0x10ffff) throw new PythonError('OverflowError', '%c arg not in range(0x110000)');
    return String.fromCodePoint(v);
  }
  const s = type === 's' ? pyStr(v) : pyRepr(v, type === 'a');
  return prec === undefined ? s : s.slice(0, prec);
}

function numberBody(type: string, a: number, prec: number | undefined, alt: boolean): string {
  if (!Number.isFinite(a) && !'diuxXo'.includes(type)) return Number.isNaN(a) ? 'nan' : 'inf';
  switch (type.toLowerCase()) {
    case 'f':
      return formatFixed(a, prec ?? 6, alt);
    case 'e':
      return formatExponent(a, prec ?? 6, alt);
    case 'g':
      return formatGeneral(a, prec ?? 6, alt);
    default:
      return integerDigits(a, type);
  }
}

/** One conversion, padded to `width` as Python does (zeros go after the sign and the 0x prefix). */
function formatOne(type: string, v: unknown, flags: string, width: number, prec: number | undefined): string {
  const left = flags.includes('-');
  if ('srac'.includes(type)) return pad(formatText(type, v, prec), width, left);
  const n = toNumber(v, type, 'xXo'.includes(type));
  const a = Math.abs(n);
  const alt = flags.includes('#');
  let body = numberBody(type, a, prec, alt);
  let prefix = alt && type === 'o' ? '0o' : alt && (type === 'x' || type === 'X') ? '0x' : '';
  if (type === 'X' || type === 'E' || type === 'G' || type === 'F') {
    body = body.toUpperCase();
    prefix = prefix.toUpperCase();
  }
  const negative = n < 0 || (Object.is(n, -0) && !'diuxXo'.includes(type));
  const sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const head = sign + prefix;
  if (flags.includes('0') && !left && Number.isFinite(a) && head.length + body.length < width) {
    return head + '0'.repeat(width - head.length - body.length) + body;
  }
  return pad(head + body, width, left);
}

const TYPES = new Set('diouxXeEfFgGcrsa'.split(''));

/** The `name` of `%(name)s`, whose parentheses may nest; the index after the `)`. */
function readKey(fmt: string, open: number): [string, number] {
  let depth = 1;
  let i = open + 1;
  for (; i < fmt.length && depth > 0; i++) {
    if (fmt[i] === '(') depth++;
    else if (fmt[i] === ')') depth--;
  }
  if (depth > 0) throw new PythonError('ValueError', 'incomplete format key');
  return [fmt.slice(open + 1, i - 1), i];
}

function lookup(mapping: object, key: string): unknown {
  // Python takes a list for a mapping here too, and then fails on the key.
  if (Array.isArray(mapping)) throw typeError('list indices must be integers or slices, not str');
  if (!Object.hasOwn(mapping, key)) throw new PythonError('KeyError', `'${key}'`);
  return (mapping as Record<string, unknown>)[key];
}

/**
 * `fmt % args`. Only a tuple gives several values; anything else, a list
 * included, is one value. A dict (or a list, as CPython has it) gives the
 * `%(key)s` ones and is never "not all converted".
 */
export function pyFormat(fmt: string, args: unknown): string {
  const tuple = args instanceof PyTuple;
  const mapping =
    !tuple && args !== null && typeof args === 'object' && !(args instanceof String) ? args : undefined;
  // CPython's bookkeeping: one value is a "length" of -1, read once, from -2 to -1.
  let source: unknown = args;
  let length = tuple ? args.length : -1;
  let index = tuple ? 0 : -2;
  const take = (): unknown => {
    if (index >= length) throw typeError('not enough arguments for format string');
    const at = index++;
    return length < 0 ? source : (source as unknown[])[at];
  };
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const at = fmt.indexOf('%', i);
    if (at < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, at);
    let pos = at + 1;
    if (fmt[pos] === '(') {
      if (!mapping) throw typeError('format requires a mapping');
      const [key, after] = readKey(fmt, pos);
      // The key's value stands in for the arguments, for this conversion (and any `*` in it).
      source = lookup(mapping, key);
      length = -1;
      index = -2;
      pos = after;
    }
    SPEC.lastIndex = pos;
    const [spec, flags = '', width, precText, type = ''] = SPEC.exec(fmt)!;
    i = pos + spec.length;
    if (type === '') throw new PythonError('ValueError', 'incomplete format');
    if (type === '%' && i === at + 2) {
      out += '%';
      continue;
    }
    let w = width === '*' ? star(take()) : Number(width ?? 0);
    let f = flags;
    if (w < 0) {
      f += '-';
      w = -w;
    }
    const prec = precText === undefined ? undefined : precText === '*' ? star(take()) : Number(precText || 0);
    // CPython reads the value before it looks at the type.
    const value = take();
    if (!TYPES.has(type)) {
      const code = type.codePointAt(0)!.toString(16);
      throw new PythonError(
        'ValueError',
        `unsupported format character '${type}' (0x${code}) at index ${i - 1}`,
      );
    }
    out += formatOne(type, value, f, w, prec === undefined ? undefined : Math.max(prec, 0));
  }
  if (!mapping && index < length) throw typeError('not all arguments converted during string formatting');
  return out;
}

/** Python's `%` on numbers: the result takes the sign of the divisor. */
function pyModNumbers(a: number, b: number): number {
  if (b === 0) throw new PythonError('ZeroDivisionError', 'integer division or modulo by zero');
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

const isNumber = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

/** The `%` operator of a template: string formatting on a string, Python's modulo on numbers. */
export function pyMod(a: unknown, b: unknown): string | number {
  if (typeof a === 'string') return pyFormat(a, b);
  if (a && typeof a === 'object' && 'val' in a && typeof (a as { val: unknown }).val === 'string') {
    return pyFormat((a as { val: string }).val, b); // nunjucks' SafeString (the `safe` filter)
  }
  if (isNumber(a) && isNumber(b)) return pyModNumbers(Number(a), Number(b));
  throw typeError(`unsupported operand type(s) for %: '${typeName(a)}' and '${typeName(b)}'`);
}
