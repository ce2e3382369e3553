/**
 * How Python prints the values a macro holds: `str()` for `{ value }`, `%s`,
 * `~` and `|join`; `repr()` for `%r` and for what sits inside a list, a tuple
 * or a dict (`[1, 'a']`, `(1,)`, `{'a': True}`).
 */
import { pyFloat, pyNumber } from './python-float.js';
import { COORD_AXES, Coord, PyTuple } from './python-types.js';

/** Python's type name, for the error texts. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string' || v instanceof String) return 'str';
  if (typeof v === 'function') return 'function';
  if (v instanceof Coord) return 'Coord';
  if (v instanceof PyTuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** Python's `str()`. Jinja's undefined value (a missing `params.X`) prints as nothing. */
export function pyStr(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  // nunjucks' SafeString (a macro's output, `|safe`) is a String object.
  if (v instanceof String) return v.toString();
  return pyRepr(v);
}

/** Python's `repr()`; `ascii` escapes what is not ASCII too, as `ascii()` and `%a` do. */
export function pyRepr(v: unknown, ascii = false): string {
  return repr(v, ascii, new Set());
}

function repr(v: unknown, ascii: boolean, open: Set<object>): string {
  switch (typeof v) {
    case 'undefined':
      return 'Undefined';
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
      return pyNumber(v);
    case 'bigint':
      return v.toString();
    case 'string':
      return quote(v, ascii);
    case 'function':
      return `<function ${v.name || '<lambda>'}>`;
    case 'symbol':
      return v.toString();
  }
  if (v === null) return 'None';
  if (v instanceof String) return quote(v.toString(), ascii);
  if (v instanceof Coord)
    return `Coord(${COORD_AXES.map((axis, i) => `${axis}=${pyFloat(v[i]!)}`).join(', ')})`;
  // A value that holds itself prints as `[...]`, as in Python.
  const list = Array.isArray(v);
  if (open.has(v as object)) return list ? (v instanceof PyTuple ? '(...)' : '[...]') : '{...}';
  open.add(v as object);
  const item = (x: unknown) => repr(x, ascii, open);
  let out: string;
  if (v instanceof PyTuple) out = v.length === 1 ? `(${item(v[0])},)` : `(${v.map(item).join(', ')})`;
  else if (list) out = `[${(v as unknown[]).map(item).join(', ')}]`;
  else
    out = `{${Object.entries(v as object)
      .map(([k, x]) => `${quote(k, ascii)}: ${item(x)}`)
      .join(', ')}}`;
  open.delete(v as object);
  return out;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// What Python's str.isprintable() rejects (control, format, private, unassigned, separators but space).
const UNPRINTABLE = /[\p{C}\p{Z}]/u;

function escapeChar(c: string, ascii: boolean): string {
  const known = ESCAPES[c];
  if (known) return known;
  const code = c.codePointAt(0)!;
  const printable = code < 0x7f ? code >= 0x20 : !ascii && !UNPRINTABLE.test(c);
  if (printable) return c;
  const hex = code.toString(16);
  if (code < 0x100) return `\\x${hex.padStart(2, '0')}`;
  return code < 0x10000 ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
}

/** Python quotes with `'` unless the text has a `'` and no `"`. */
function quote(s: string, ascii: boolean): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const c of s) out += c === q ? `\\${q}` : escapeChar(c, ascii);
  return out + q;
}
