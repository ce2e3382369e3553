/**
 * Python's `ast.literal_eval` for what Klipper macros store: numbers,
 * quoted strings, True/False/None, lists, tuples and dicts. Klipper parses
 * `variable_*` options and SET_GCODE_VARIABLE values with it, so `1` is a
 * number, `'text'` a string and bare `text` an error.
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
    if (c === "'" || c === '"') return str(c);
    if (c === '[' || c === '(') return seq(c === '[' ? ']' : ')');
    if (c === '{') return dict();
    const word = /^(True|False|None)\b/.exec(src.slice(i));
    if (word) {
      i += word[0].length;
      return word[0] === 'True' ? true : word[0] === 'False' ? false : null;
    }
    const num = /^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      return Number(num[0].replaceAll('_', ''));
    }
    return fail(`malformed node or string: ${JSON.stringify(src.slice(i, i + 20))}`);
  };
  const str = (q: string): string => {
    i++;
    let out = '';
    while (i < src.length && src[i] !== q) {
      if (src[i] === '\\') {
        const n = src[++i];
        out += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
      } else out += src[i];
      i++;
    }
    if (src[i] !== q) fail('unterminated string');
    i++;
    return out;
  };
  const seq = (close: string): unknown[] => {
    i++;
    const out: unknown[] = [];
    for (;;) {
      ws();
      if (src[i] === close) break;
      out.push(value());
      ws();
      if (src[i] === ',') i++;
      else if (src[i] !== close) fail(`expected ',' or '${close}'`);
    }
    i++;
    return out;
  };
  const dict = (): Record<string, unknown> => {
    i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      ws();
      if (src[i] === '}') break;
      const key = value();
      ws();
      if (src[i] !== ':') fail("expected ':'");
      i++;
      out[String(key)] = value();
      ws();
      if (src[i] === ',') i++;
      else if (src[i] !== '}') fail("expected ',' or '}'");
    }
    i++;
    return out;
  };
  const result = value();
  ws();
  if (i < src.length) fail('unexpected text after the value');
  return result;
}
