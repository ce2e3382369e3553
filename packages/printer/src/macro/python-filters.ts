import type nunjucks from 'nunjucks';
import { PythonError, pyFormat, pyMod } from './python-format.js';
import { PY_TUPLE_FILTER } from './python-parser.js';
import { pyStr } from './python-str.js';
import { PY_MOD_FILTER, PY_STR_FILTER } from './python-template.js';
import { pyTuple } from './python-types.js';

const isKeywords = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (v as { __keywords?: unknown }).__keywords === true;

/** Jinja's `format`: `fmt % args`, or `fmt % kwargs` (`"%(a)s"|format(a=1)`), never both. */
function format(fmt: unknown, ...args: unknown[]): string {
  const last = args.at(-1);
  if (!isKeywords(last)) return pyFormat(pyStr(fmt), pyTuple(args));
  if (args.length > 1) {
    throw new PythonError(
      'FilterArgumentError',
      "can't handle positional and keyword arguments at the same time",
    );
  }
  const { __keywords: _, ...kwargs } = last;
  return pyFormat(pyStr(fmt), kwargs);
}

/** Jinja's `join`: the str() of each item (or of its `attribute`); a dict gives its keys. */
function join(value: unknown, separator: unknown = '', attribute?: unknown): string {
  if (value === undefined || value === null) return '';
  let items: unknown[];
  if (typeof value === 'string') items = [...value];
  else if (typeof value === 'object' && Symbol.iterator in value)
    items = Array.from(value as Iterable<unknown>);
  else items = Object.keys(value);
  if (typeof attribute === 'string' || typeof attribute === 'number') {
    items = items.map((item) => (item as Record<string | number, unknown> | null)?.[attribute]);
  }
  return items.map(pyStr).join(pyStr(separator));
}

/**
 * The filters that make a template Python-like: what `%`, `(a, b)` and
 * `{ value }` compile to (python-template.ts, python-parser.ts), and Jinja's
 * `format`, `string` and `join`, which work on str(): `True`, `None`,
 * `[1, 2]` where nunjucks' own give `true`, `` and `1,2`.
 */
export function addPythonFilters(env: nunjucks.Environment): void {
  env.addFilter('format', format);
  env.addFilter(PY_MOD_FILTER, pyMod);
  env.addFilter(PY_TUPLE_FILTER, (...items: unknown[]) => pyTuple(items));
  // Undefined stays undefined for nunjucks' own output code; a SafeString keeps its safeness.
  env.addFilter(PY_STR_FILTER, (v: unknown) => (v === undefined || v instanceof String ? v : pyStr(v)));
  // Also what `a ~ b` compiles to.
  env.addFilter('string', (v: unknown) => (v instanceof String ? v : pyStr(v)));
  env.addFilter('join', join);
}
