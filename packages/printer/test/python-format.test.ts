import { describe, expect, test } from 'vitest';
import { PrinterErrorCodes } from '../src/index.js';
import { PythonError, pyFormat, pyMod } from '../src/macro/python-format.js';
import { createTemplateEnvironment, GCodeTemplate } from '../src/macro/template.js';
import { MINIMAL, startPrinter } from './helpers.js';

// Expected values are what CPython 3 prints for the same `fmt % args`.
describe("Python's % string formatting", () => {
  test.each<[string, unknown, string]>([
    ['%.2f', 3.14659, '3.15'],
    ['%d %s', [3.7, 'x'], '3 x'],
    ['%i|%x|%X|%#x|%o', [10, 255, 255, 255, 8], '10|ff|FF|0xff|10'],
    ['%5.1f|%-6d|%06.2f|%+d|% d', [2.25, 42, -3.14659, 5, 5], '  2.2|42    |-03.15|+5| 5'],
    ['%s %s %s', [true, null, [1, 'a']], "True None [1, 'a']"],
    ['100%% %s', 1, '100% 1'],
    ['%(name)s=%(v).1f', { name: 't', v: 2 }, 't=2.0'],
    ['%e|%g|%g|%g|%G', [12345.678, 0.0001, 1234567, 2.5, 1e-10], '1.234568e+04|0.0001|1.23457e+06|2.5|1E-10'],
    ['%.3s|%r|%r', ['abcdef', "it's", 'a'], `abc|"it's"|'a'`],
    ['%*d|%.*f|%-*s|', [5, 3, 2, 1.23456, -4, 'ab'], '    3|1.23|ab  |'],
    ['%c%c', [65, 'b'], 'Ab'],
    ['%f %f', [Infinity, Number.NaN], 'inf nan'],
    ['%.2f %.0f %.1f', [0.125, 2.5, 0.05], '0.12 2 0.1'],
    ['%05d|%-05d|%+.1e', [-42, 7, 12345], '-0042|7    |+1.2e+04'],
    ['%#o %x', [8, -255], '0o10 -ff'],
    ['no conversions', {}, 'no conversions'],
  ])('%j %% %j', (fmt, args, out) => {
    expect(pyFormat(fmt, args)).toBe(out);
  });

  test.each<[string, unknown, string]>([
    ['%d', 'x', 'TypeError: %d format: a real number is required, not str'],
    ['%d %d', [1], 'TypeError: not enough arguments for format string'],
    ['%d', [1, 2], 'TypeError: not all arguments converted during string formatting'],
    ['%q', 1, "ValueError: unsupported format character 'q' (0x71) at index 1"],
    ['%', 1, 'ValueError: incomplete format'],
    ['%x', 1.5, 'TypeError: %x format: an integer is required, not float'],
    ['%(a)s', 1, 'TypeError: format requires a mapping'],
    ['%(a)s', { b: 1 }, "KeyError: 'a'"],
    ['%d', null, 'TypeError: %d format: a real number is required, not NoneType'],
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
  RESPOND MSG="{"%d %d" % [params.A|int]}"

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
