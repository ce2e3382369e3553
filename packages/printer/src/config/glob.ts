import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';

/**
 * Python's `glob.glob` as Klipper's `[include]` uses it: `*`, `?` and `[...]`
 * within one path segment, no `**`, hidden files only when the pattern
 * segment starts with `.`. Written here (not a glob library) because the
 * libraries differ from Python on hidden files and on `[!...]`, and Klipper
 * configs must include exactly the files Klipper includes.
 */
export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function segmentRegExp(segment: string): RegExp {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = segment.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Paths matching `pattern` (absolute), unsorted like Python's; callers sort. */
export function glob(pattern: string): string[] {
  if (!hasMagic(pattern)) return exists(pattern) ? [pattern] : [];
  const parts = pattern.split(sep);
  let bases = [isAbsolute(pattern) ? sep : '.'];
  for (const [index, part] of parts.entries()) {
    if (part === '' && index === 0) continue;
    const next: string[] = [];
    for (const base of bases) {
      if (!hasMagic(part)) {
        const path = join(base, part);
        if (exists(path)) next.push(path);
        continue;
      }
      const re = segmentRegExp(part);
      let names: string[];
      try {
        names = readdirSync(base);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (re.test(name)) next.push(join(base, name));
      }
    }
    bases = next;
  }
  return bases;
}
