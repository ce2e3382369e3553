/**
 * Python's printf-style `%` operator, as Klipper's Jinja macros use it:
 * `"%.2f" % value`, `"%d %s" % (a, b)`, `"%(name)s" % dict`. A bad format
 * throws a TypeError or ValueError with Python's wording, which the template
 * turns into a macro template error.
 */

/**
 * An exception as Python would raise it: Klipper reports a template failure as
 * `Error evaluating 'gcode_macro X:gcode': TypeError: not enough arguments for format string`.
 */
export class PythonError extends Error {
  constructor(
    readonly pythonType: 'TypeError' | 'ValueError' | 'KeyError' | 'ZeroDivisionError',
    message: string,
  ) {
    super(message);
    this.name = pythonType;
  }
}
const typeError = (message: string) => new PythonError('TypeError', message);

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)/y;

/** Python's type name, for the error texts. */
function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** Python's `str()` for the values a macro holds. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number')
    return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') {
    const escaped = v.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
    // Python picks double quotes for a string with a single quote and no double one.
    if (v.includes("'") && !v.includes('"')) return `"${escaped}"`;
    return `'${escaped.replaceAll("'", "\\'")}'`;
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
      .join(', ')}}`;
  }
  return pyStr(v);
}

function toNumber(v: unknown, type: string, integer: boolean): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (integer && !Number.isInteger(v))
      throw typeError(`%${type} format: an integer is required, not float`);
    return v;
  }
  const want = integer ? 'an integer' : 'a real number';
  throw typeError(`%${type} format: ${want} is required, not ${typeName(v)}`);
}

/** `1.5e+2` → `1.5e+02`: Python writes at least two exponent digits. */
const pyExp = (s: string) => s.replace(/e([+-])(\d)$/, (_m, sign: string, d: string) => `e${sign}0${d}`);

/**
 * `toFixed` with Python's rounding: an exact tie (2.25 to one place) goes to
 * the even digit, where JavaScript always rounds it up.
 */
function fixed(a: number, prec: number): string {
  const s = a.toFixed(prec);
  if (a >= 1e21 || prec > 98) return s;
  const exact = a.toFixed(100);
  const dot = exact.indexOf('.');
  if (!/^50*$/.test(exact.slice(dot + 1 + prec))) return s;
  const truncated = exact.slice(0, prec === 0 ? dot : dot + 1 + prec);
  return (truncated.charCodeAt(truncated.length - 1) - 48) % 2 === 0 ? truncated : s;
}

function formatG(x: number, prec: number, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (x === 0) return alt ? (0).toFixed(p - 1) : '0';
  const e = x.toExponential(p - 1);
  const exp = Number(e.slice(e.indexOf('e') + 1));
  const s = exp >= -4 && exp < p ? fixed(x, p - 1 - exp) : pyExp(e);
  // Without '#', trailing zeros of the mantissa go, and a bare point with them.
  return alt ? s : s.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
}

const pad = (s: string, width: number, left: boolean) =>
  s.length >= width ? s : left ? s + ' '.repeat(width - s.length) : ' '.repeat(width - s.length) + s;

function formatText(type: string, v: unknown, prec: number | undefined): string {
  if (type === 'c') {
    if (typeof v === 'string' && v.length === 1) return v;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x10ffff)
      return String.fromCodePoint(v);
    throw typeError('%c requires int or char');
  }
  const s = type === 's' ? pyStr(v) : pyRepr(v);
  return prec === undefined ? s : s.slice(0, prec);
}

/** One conversion, padded to `width` as Python does (zeros go after the sign and the 0x prefix). */
function formatOne(type: string, v: unknown, flags: string, width: number, prec: number | undefined): string {
  const left = flags.includes('-');
  if ('srac'.includes(type)) return pad(formatText(type, v, prec), width, left);
  const integer = 'xXo'.includes(type);
  const n = toNumber(v, type, integer);
  const a = Math.abs(n);
  const alt = flags.includes('#');
  let prefix = '';
  let body: string;
  if (!Number.isFinite(a)) body = Number.isNaN(a) ? 'nan' : 'inf';
  else if (type === 'd' || type === 'i' || type === 'u') body = Math.trunc(a).toFixed(0);
  else if (type === 'x' || type === 'X' || type === 'o') {
    body = a.toString(type === 'o' ? 8 : 16);
    if (alt) prefix = type === 'o' ? '0o' : '0x';
  } else if (type === 'f' || type === 'F') body = fixed(a, prec ?? 6);
  else if (type === 'e' || type === 'E') body = pyExp(a.toExponential(prec ?? 6));
  else body = formatG(a, prec ?? 6, alt);
  if (type === 'X' || type === 'E' || type === 'G' || type === 'F') {
    body = body.toUpperCase();
    prefix = prefix.toUpperCase();
  }
  const negative = n < 0 || (Object.is(n, -0) && !'dixXou'.includes(type));
  const sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const head = sign + prefix;
  if (flags.includes('0') && !left && Number.isFinite(a) && head.length + body.length < width) {
    return head + '0'.repeat(width - head.length - body.length) + body;
  }
  return pad(head + body, width, left);
}

const TYPES = new Set('diouxXeEfFgGcrsa'.split(''));

/** `fmt % args`: a tuple or list gives the positional values, a dict the `%(key)s` ones. */
export function pyFormat(fmt: string, args: unknown): string {
  const mapping =
    args !== null && typeof args === 'object' && !Array.isArray(args)
      ? (args as Record<string, unknown>)
      : undefined;
  const values = Array.isArray(args) ? args : [args];
  let next = 0;
  const take = (): unknown => {
    if (next >= values.length) throw typeError('not enough arguments for format string');
    return values[next++];
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
    SPEC.lastIndex = at;
    const [whole, key, flags = '', width, precText, type = ''] = SPEC.exec(fmt)!;
    const index = at + whole.length - 1;
    if (type === '') throw new PythonError('ValueError', 'incomplete format');
    if (type === '%' && whole === '%%') {
      out += '%';
      i = at + 2;
      continue;
    }
    if (!TYPES.has(type)) {
      const code = type.codePointAt(0)!.toString(16);
      throw new PythonError(
        'ValueError',
        `unsupported format character '${type}' (0x${code}) at index ${index}`,
      );
    }
    let value: unknown;
    if (key !== undefined) {
      if (!mapping) throw typeError('format requires a mapping');
      if (!Object.hasOwn(mapping, key)) throw new PythonError('KeyError', `'${key}'`);
      value = mapping[key];
    }
    let w = width === '*' ? toNumber(take(), '*', true) : Number(width ?? 0);
    let f = flags;
    if (w < 0) {
      f += '-';
      w = -w;
    }
    const prec =
      precText === undefined
        ? undefined
        : precText === '*'
          ? toNumber(take(), '*', true)
          : Number(precText || 0);
    if (key === undefined) value = take();
    out += formatOne(type, value, f, w, prec);
    i = at + whole.length;
  }
  if (!mapping && next < values.length) {
    throw typeError('not all arguments converted during string formatting');
  }
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
