/**
 * Split extended-command parameters (`KEY=value OTHER="a b"`) the way Klipper
 * does with Python's `shlex` in POSIX mode: whitespace separates, quotes group,
 * backslash escapes, `#` or `;` outside quotes ends the line. Returns undefined
 * for a malformed line (an unclosed quote, a word without `=`).
 */
export function parseExtendedParams(raw: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (quote === '"' && c === '\\' && (raw[i + 1] === '"' || raw[i + 1] === '\\')) word += raw[++i];
      else word += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '#' || c === ';') {
      break;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= raw.length) return undefined; // shlex: "No escaped character"
      word += raw[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return undefined; // shlex: "No closing quotation"
  if (inWord) words.push(word);
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq < 0) return undefined;
    out[w.slice(0, eq).toUpperCase()] = w.slice(eq + 1);
  }
  return out;
}
