import { describe, expect, test } from 'vitest';
import { PrinterErrorCodes } from '../src/index.js';
import { PythonError, pyFormat, pyMod } from '../src/macro/python-format.js';
import { coord, pyTuple } from '../src/macro/python-types.js';
import { createTemplateEnvironment, GCodeTemplate } from '../src/macro/template.js';
import { MINIMAL, startPrinter } from './helpers.js';

const t = (...items: unknown[]) => pyTuple(items);

// Expected values are what CPython 3.11 prints for the same `fmt % args`
// (a tuple is `t(…)`; a plain array is a Python list).
describe("Python's % string formatting", () => {
  test.each<[string, unknown, string]>([
    ['%.2f', 3.14659, '3.15'],
    ['%d %s', t(3.7, 'x'), '3 x'],
    ['%i|%x|%X|%#x|%o', t(10, 255, 255, 255, 8), '10|ff|FF|0xff|10'],
    ['%5.1f|%-6d|%06.2f|%+d|% d', t(2.25, 42, -3.14659, 5, 5), '  2.2|42    |-03.15|+5| 5'],
    ['%s %s %s', t(true, null, [1, 'a']), "True None [1, 'a']"],
    ['100%% %s', 1, '100% 1'],
    ['%(name)s=%(v).1f', { name: 't', v: 2 }, 't=2.0'],
    [
      '%e|%g|%g|%g|%G',
      t(12345.678, 0.0001, 1234567, 2.5, 1e-10),
      '1.234568e+04|0.0001|1.23457e+06|2.5|1E-10',
    ],
    ['%.3s|%r|%r', t('abcdef', "it's", 'a'), `abc|"it's"|'a'`],
    ['%*d|%.*f|%-*s|', t(5, 3, 2, 1.23456, -4, 'ab'), '    3|1.23|ab  |'],
    ['%c%c', t(65, 'b'), 'Ab'],
    ['%f %f', t(Infinity, Number.NaN), 'inf nan'],
    ['%.2f %.0f %.1f', t(0.125, 2.5, 0.05), '0.12 2 0.1'],
    ['%05d|%-05d|%+.1e', t(-42, 7, 12345), '-0042|7    |+1.2e+04'],
    ['%#o %x', t(8, -255), '0o10 -ff'],
    ['no conversions', {}, 'no conversions'],
    ['%ld|%.*f', t(5, -1, 1.5), '5|2'],
    ['%(x(y))s', { 'x(y)': 1 }, '1'],
  ])('%j %% %j', (fmt, args, out) => {
    expect(pyFormat(fmt, args)).toBe(out);
  });

  test.each<[string, unknown, string]>([
    // Only a tuple spreads: a list, a dict or a string is one value.
    ['%s', [1, 2], '[1, 2]'],
    ['%s', { a: 1 }, "{'a': 1}"],
    ['%d', t(5), '5'],
    ['%s', t(t(1, 2)), '(1, 2)'],
    ['%s', t(t()), '()'],
    ['%s|%s', t(t(1), [2]), '(1,)|[2]'],
    // CPython takes a list for a mapping: extra values are not an error.
    ['hello', [1], 'hello'],
    ['hello', {}, 'hello'],
    ['hello', t(), 'hello'],
    ['%s %(a)s', { a: 1 }, "{'a': 1} 1"],
    // Klipper's Coord is a namedtuple, so it spreads.
    ['%.1f %.1f %.1f %.1f', coord([12, 3.5, 0, -1]), '12.0 3.5 0.0 -1.0'],
    ['%s', t(coord([12, 3.5, 0, -1])), 'Coord(x=12.0, y=3.5, z=0.0, e=-1.0)'],
  ])('tuples spread, lists do not: %j %% %j', (fmt, args, out) => {
    expect(pyFormat(fmt, args)).toBe(out);
  });

  test.each<[string, unknown, string]>([
    ['%s|%r|%a', t(true, null, undefined), 'True|None|Undefined'],
    [
      '%s|%r|%a',
      t([t(1), t(), 'a', "it's", 'q"', 'both\'"', 'a\tb\x01\x7f\xa0é'], 'é€😀', 'é€😀'),
      `[(1,), (), 'a', "it's", 'q"', 'both\\'"', 'a\\tb\\x01\\x7f\\xa0é']|'é€😀'|'\\xe9\\u20ac\\U0001f600'`,
    ],
    [
      '%s',
      t({ a: t(1, 2), b: [null, false], c: { d: 1.5 } }),
      "{'a': (1, 2), 'b': [None, False], 'c': {'d': 1.5}}",
    ],
    ['%r', t([1e-5, 1.5e-7, 0.0001, 1e22, -2.5]), '[1e-05, 1.5e-07, 0.0001, 1e+22, -2.5]'],
    ['%s', t('\\'), '\\'],
  ])("str() and repr() as Python's: %j %% %j", (fmt, args, out) => {
    expect(pyFormat(fmt, args)).toBe(out);
  });

  test('a value that holds itself prints as [...], as in Python', () => {
    const list: unknown[] = [1];
    list.push(list);
    expect(pyFormat('%s', list)).toBe('[1, [...]]');
  });

  test.each<[string, unknown, string]>([
    ['%d', 'x', 'TypeError: %d format: a real number is required, not str'],
    ['%d %d', t(1), 'TypeError: not enough arguments for format string'],
    ['%d', t(1, 2), 'TypeError: not all arguments converted during string formatting'],
    ['%q', 1, "ValueError: unsupported format character 'q' (0x71) at index 1"],
    ['%', 1, 'ValueError: incomplete format'],
    ['%x', 1.5, 'TypeError: %x format: an integer is required, not float'],
    ['%(a)s', 1, 'TypeError: format requires a mapping'],
    ['%(a)s', t(1), 'TypeError: format requires a mapping'],
    ['%(a)s', { b: 1 }, "KeyError: 'a'"],
    ['%d', null, 'TypeError: %d format: a real number is required, not NoneType'],
    ['%d %d', [1, 2], 'TypeError: %d format: a real number is required, not list'],
    ['%x', [1], 'TypeError: %x format: an integer is required, not list'],
    ['%s %s', [1, 2], 'TypeError: not enough arguments for format string'],
    ['%(a)s', [1], 'TypeError: list indices must be integers or slices, not str'],
    ['%(a)s %s', { a: 1 }, 'TypeError: not enough arguments for format string'],
    ['%s', t(), 'TypeError: not enough arguments for format string'],
    ['abc', 'x', 'TypeError: not all arguments converted during string formatting'],
    ['%f', '1', 'TypeError: must be real number, not str'],
    ['%e', [1], 'TypeError: must be real number, not list'],
    ['%g', null, 'TypeError: must be real number, not NoneType'],
    ['%d', Infinity, 'OverflowError: cannot convert float infinity to integer'],
    ['%d', Number.NaN, 'ValueError: cannot convert float NaN to integer'],
    ['%x', Infinity, 'TypeError: %x format: an integer is required, not float'],
    ['%*d', t('a', 1), 'TypeError: * wants int'],
    ['%.*f', t(1.5, 1), 'TypeError: * wants int'],
    ['%c', 1.5, 'TypeError: %c requires int or char'],
    ['%c', 'ab', 'TypeError: %c requires int or char'],
    ['%c', 0x110000, 'OverflowError: %c arg not in range(0x110000)'],
    ['%(a', { a: 1 }, 'ValueError: incomplete format key'],
    ['%5%', t(1), "ValueError: unsupported format character '%' (0x25) at index 2"],
  ])('bad: %j %% %j', (fmt, args, message) => {
    let error: unknown;
    try {
      pyFormat(fmt, args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PythonError);
    expect(`${(error as PythonError).pythonType}: ${(error as Error).message}`).toBe(message);
  });

  test('on numbers % is Python’s modulo: the sign of the divisor', () => {
    expect([pyMod(-7, 3), pyMod(7, -3), pyMod(7.5, 2), pyMod(-7.5, 2), pyMod(6, 3)]).toEqual([
      2, -2, 1.5, 0.5, 0,
    ]);
    expect(() => pyMod(5, 0)).toThrow('integer division or modulo by zero');
    expect(() => pyMod(undefined, 2)).toThrow("unsupported operand type(s) for %: 'NoneType' and 'int'");
  });
});

const CONFIG = `${MINIMAL}
[respond]

[gcode_macro SHOW]
variable_temps: [200.456, 60]
gcode:
  {% set label = "%s/%d" % (params.NAME|default('x'), temps|length) %}
  RESPOND MSG="{"%.2f" % temps[0]} {"%d %s" % (temps[1], label)} {"%5.1f%%" % 12.34} {(-7) % 3} {(1, 2)|length} {"%s" % True}"

[gcode_macro BAD_FORMAT]
gcode:
  RESPOND MSG="{"%d %d" % (params.A|int,)}"

[gcode_macro BAD_LIST]
gcode:
  RESPOND MSG="{"%d %d" % [params.A|int, 2]}"

[gcode_macro BAD_TYPE]
gcode:
  RESPOND MSG="{"%d" % params.A}"
`;

describe('% in macros', () => {
  test('formats like Klipper’s Jinja: a value or a tuple, %% and Python modulo', async () => {
    const host = await startPrinter(CONFIG);
    expect(await host.runScript('SHOW NAME=abc')).toEqual(['echo: 200.46 60 abc/2  12.3% 2 2 True']);
  });

  test('a bad format is a macro template error in Klipper’s words, not a crash', async () => {
    const host = await startPrinter(CONFIG);
    expect(await host.runScript('BAD_TYPE A=7')).toEqual([
      "!! Error evaluating 'gcode_macro BAD_TYPE:gcode': TypeError: %d format: a real number is required, not str",
    ]);
    expect(await host.runScript('BAD_FORMAT A=7')).toEqual([
      "!! Error evaluating 'gcode_macro BAD_FORMAT:gcode': TypeError: not enough arguments for format string",
    ]);
    // A list is one value, as in Python: only a tuple fills several conversions.
    expect(await host.runScript('BAD_LIST A=7')).toEqual([
      "!! Error evaluating 'gcode_macro BAD_LIST:gcode': TypeError: %d format: a real number is required, not list",
    ]);
    expect(host.state).toBe('ready');
    const template = new GCodeTemplate(host.printer, createTemplateEnvironment(), 'macro:x', '{"%q" % 1}');
    expect(() => template.render()).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.MACRO_TEMPLATE,
        detail: "Error evaluating 'macro:x': ValueError: unsupported format character 'q' (0x71) at index 1",
      }),
    );
  });
});
