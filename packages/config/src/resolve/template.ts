import { parsePath } from '../path.js';

/** A piece of a config string: literal text, a `{{ key }}` interpolation, or a resolver reference. */
export type Part =
  | { t: 'lit'; s: string }
  | { t: 'interp'; path: (string | number)[]; text: string }
  | { t: 'ref'; prefix: string; arg: Part[]; form: 'whole' | 'embedded'; text: string };

const WHOLE = /^([A-Z][A-Z0-9_]*):\/\/\/([\s\S]*)$/;
const PREFIX = /^([A-Z][A-Z0-9_]*):/;

function pushLit(parts: Part[], s: string): void {
  if (!s) return;
  const last = parts[parts.length - 1];
  if (last?.t === 'lit') last.s += s;
  else parts.push({ t: 'lit', s });
}

/** Index just past the `}` closing a brace opened before `from`, or -1. */
function closeBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Interpolations only (the argument of a reference). */
function parseInterpolations(s: string, parts: Part[]): void {
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('{{', i);
    if (open < 0) break;
    if (open > 0 && s[open - 1] === '\\') {
      pushLit(parts, s.slice(i, open - 1) + '{{');
      i = open + 2;
      continue;
    }
    const close = s.indexOf('}}', open + 2);
    const path = close < 0 ? undefined : parsePath(s.slice(open + 2, close));
    if (!path) {
      pushLit(parts, s.slice(i, open + 2));
      i = open + 2;
      continue;
    }
    pushLit(parts, s.slice(i, open));
    parts.push({ t: 'interp', path, text: s.slice(open, close + 2) });
    i = close + 2;
  }
  pushLit(parts, s.slice(i));
}

/**
 * Split a config string into parts. Returns undefined for plain strings (the
 * common case), so only strings with references or interpolations cost more.
 */
export function parseTemplate(s: string): Part[] | undefined {
  if (!s.includes('{{') && !s.includes('${') && !s.includes(':///')) return undefined;
  const whole = WHOLE.exec(s);
  if (whole) {
    const arg: Part[] = [];
    parseInterpolations(whole[2]!, arg);
    return [{ t: 'ref', prefix: whole[1]!, arg, form: 'whole', text: s }];
  }
  const parts: Part[] = [];
  let i = 0;
  let litStart = 0;
  while (i < s.length) {
    const open = s.indexOf('${', i);
    if (open < 0) break;
    if (open > 0 && s[open - 1] === '$') {
      // `$${` is an escaped literal `${`
      parseInterpolations(s.slice(litStart, open - 1), parts);
      pushLit(parts, '${');
      i = litStart = open + 2;
      continue;
    }
    const end = closeBrace(s, open + 2);
    const prefix = PREFIX.exec(s.slice(open + 2));
    if (end < 0 || !prefix) {
      i = open + 2;
      continue;
    }
    parseInterpolations(s.slice(litStart, open), parts);
    const arg: Part[] = [];
    parseInterpolations(s.slice(open + 2 + prefix[0].length, end - 1), arg);
    parts.push({ t: 'ref', prefix: prefix[1]!, arg, form: 'embedded', text: s.slice(open, end) });
    i = litStart = end;
  }
  parseInterpolations(s.slice(litStart), parts);
  const only = parts[0];
  if (!only || (parts.length === 1 && only.t === 'lit' && only.s === s)) return undefined;
  return parts;
}

/** Split an evaluated reference argument into value, `?params` and `:-default`. */
export function splitArgument(arg: string): { value: string; query: string; fallback: string | undefined } {
  let rest = arg;
  let fallback: string | undefined;
  const d = rest.indexOf(':-');
  if (d >= 0) {
    fallback = rest.slice(d + 2);
    rest = rest.slice(0, d);
  }
  const q = rest.lastIndexOf('?');
  if (q >= 0) return { value: rest.slice(0, q), query: rest.slice(q + 1), fallback };
  return { value: rest, query: '', fallback };
}
