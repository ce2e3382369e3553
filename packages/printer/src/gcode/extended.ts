import { putLetter } from './tokenize.js';

/**
 * Split extended-command parameters (`KEY=value OTHER="a b"`) the way Klipper
 * does with Python's `shlex` in POSIX mode: whitespace separates, quotes group,
 * backslash escapes, `#` or `;` outside quotes ends the line. Returns undefined
 * for a malformed line (an unclosed quote, a word without `=`).
 */
export function parseExtendedParams(raw: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const n = raw.length;
  let i = 0;
  // The usual line has no quotes or escapes: words are slices, with no per-character concatenation.
  while (i < n) {
    let c = raw.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35 || c === 59) return out; // # ;
    const start = i;
    let eq = -1;
    let upper = false;
    while (i < n) {
      c = raw.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 35 || c === 59) break;
      if (c === 34 || c === 39 || c === 92) return parseQuoted(raw); // " ' \
      if (eq < 0) {
        if (c === 61) eq = i;
        else if ((c >= 97 && c <= 122) || c >= 128) upper = true;
      }
      i++;
    }
    if (eq < 0) return undefined;
    const value = raw.slice(eq + 1, i);
    if (eq - start === 1 && raw.charCodeAt(start) < 128) putLetter(out, raw.charCodeAt(start), value);
    else {
      const key = raw.slice(start, eq);
      out[upper ? key.toUpperCase() : key] = value;
    }
  }
  return out;
}

/** The general case, character by character: quotes group, backslash escapes. */
function parseQuoted(raw: string): Record<string, string> | undefined {
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
