import { describe, expect, test } from 'vitest';
import { GCodeCommand, GCodeDispatch, parseExtendedParams, tokenize } from '../src/index.js';

/** Klipper's own split (klippy/gcode.py `_process_commands`), regular expression and all. */
function klipperSplit(raw: string) {
  const line = raw.trim();
  const cut = line.indexOf(';');
  const parts = (cut >= 0 ? line.slice(0, cut) : line).toUpperCase().split(/([A-Z_]+|[A-Z*])/);
  const command =
    parts.slice(0, 2).join('') === 'N'
      ? parts.slice(3, 5).join('').trim()
      : parts.slice(0, 3).join('').trim();
  const params: Record<string, string> = {};
  for (let i = 1; i < parts.length; i += 2) params[parts[i]!] = parts[i + 1]!.trim();
  return { command, params, line };
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = (r: () => number, chars: string, len: number) =>
  Array.from({ length: len }, () => chars[Math.floor(r() * chars.length)]).join('');

describe('the hand-written letter split matches Klipper’s regular expression', () => {
  test.each([
    'G1 X10 Y20 F3000',
    'g1 x10.5y-2',
    'N10 G1 X5*33',
    'n7 g28 ; home',
    'N10',
    '  G1   X1  \t',
    '*12',
    'm117 straße',
    'G1 X\u00a05',
    '\u00a0G1 X5\u00a0',
    'ﬀ1 X2',
    'G1 Xé2 Y3',
    '1 2 G1',
    'SET_FAN_SPEED FAN=x SPEED=0.5',
  ])('%j', (line) => {
    expect(tokenize(line)).toEqual(klipperSplit(line));
  });

  test('on random lines, ASCII and not', () => {
    const r = rng(7);
    const chars = ' \tGMNXYZEFxyzgmn_*;.=-+0123456789"ßé\u00a0#';
    for (let i = 0; i < 5000; i++) {
      const line = pick(r, chars, Math.floor(r() * 24));
      expect(tokenize(line), JSON.stringify(line)).toEqual(klipperSplit(line));
    }
  });
});

describe('extended parameters without quotes take the fast path', () => {
  /** shlex with whitespace_split, for lines with no quotes or escapes. */
  function reference(raw: string) {
    const cut = raw.search(/[#;]/);
    const words = (cut >= 0 ? raw.slice(0, cut) : raw).split(/[ \t\r\n]+/).filter(Boolean);
    const out: Record<string, string> = {};
    for (const w of words) {
      const eq = w.indexOf('=');
      if (eq < 0) return undefined;
      out[w.slice(0, eq).toUpperCase()] = w.slice(eq + 1);
    }
    return out;
  }
  test('on random lines', () => {
    const r = rng(11);
    const chars = '  \tabAB_=;#.01é-';
    for (let i = 0; i < 5000; i++) {
      const line = pick(r, chars, Math.floor(r() * 20));
      expect(parseExtendedParams(line), JSON.stringify(line)).toEqual(reference(line));
    }
  });
  test('a quote anywhere falls back to the full parse', () => {
    expect(parseExtendedParams('a=1 b="x y" c=2')).toEqual({ A: '1', B: 'x y', C: '2' });
    expect(parseExtendedParams('a=1 b=x\\ y')).toEqual({ A: '1', B: 'x y' });
  });
});

describe('a dispatched command', () => {
  function dispatcher() {
    const seen: GCodeCommand[] = [];
    const d = new GCodeDispatch({
      isReady: () => true,
      stateMessage: () => '',
      sendEvent: () => [],
      invokeShutdown: () => undefined,
    });
    d.setReady(true);
    d.registerCommand('G1', (g) => void seen.push(g));
    d.registerCommand('MY_CMD', (g) => void seen.push(g));
    return { d, seen };
  }

  test('gets the same parameters as tokenize, split when first asked for', () => {
    const { d, seen } = dispatcher();
    for (const line of ['G1 X10 Y20 F3000', 'g1 x10.5y-2', 'N3 G1 X5*21', 'G1 X1 ; c', 'G1 Xé2']) {
      d.runLine(line);
      const g = seen.at(-1)!;
      expect(g.getCommand()).toBe('G1');
      expect(g.getCommandParameters()).toEqual(tokenize(line).params);
      expect(g.getCommandline()).toBe(line.trim());
    }
    expect(seen.at(-1)!.get('X')).toBe('É2');
  });

  test('extended: raw parameters skip the line number and checksum, keys are upper-cased', () => {
    const { d, seen } = dispatcher();
    d.runLine('N5 my_cmd key=v other=Ab*12');
    const g = seen.at(-1)!;
    expect(g.getRawCommandParameters()).toBe('key=v other=Ab');
    expect(g.getCommandParameters()).toEqual({ KEY: 'v', OTHER: 'Ab' });
    d.runLine('My_Cmd\tA=1');
    expect(seen.at(-1)!.getRawCommandParameters()).toBe('A=1');
  });

  test('a command built by hand keeps the parameters it was given', () => {
    const g = new GCodeCommand('G1', 'G1 X1', { X: '2' }, { respondInfo: () => {}, respondRaw: () => {} });
    expect(g.getFloat('X')).toBe(2);
  });
});
