import { describe, expect, test } from 'vitest';
import { MINIMAL, startPrinter } from './helpers.js';

const MACROS = `${MINIMAL}
[respond]

[gcode_macro GREET]
description: Say hello
variable_greeting: 'Hello'
variable_times: 0
variable_list: [1, 2, 3]
gcode:
  {% set who = params.WHO|default('world') %}
  RESPOND MSG="{greeting}, {who}! raw={rawparams} x={printer.toolhead.position.x} n={list|length}"
  SET_GCODE_VARIABLE MACRO=GREET VARIABLE=times VALUE={times + 1}

[gcode_macro LOOP]
gcode:
  LOOP

[gcode_macro FAIL]
gcode:
  {action_raise_error("nope, not today")}

[gcode_macro BAD_EXPR]
gcode:
  G1 X{ no_such_function(params.X) }

[gcode_macro G28]
rename_existing: G28.1
gcode:
  RESPOND MSG="homing via macro"
  G28.1 {rawparams}

[gcode_macro SHOW_PY]
variable_offsets: (1.5, -2)
variable_opts: {'speed': 50, 'axes': ['x', 'y'], 'on': True, 'off': None}
gcode:
  RESPOND MSG="{ params } { printer.toolhead.position } {"%.1f/%d" % offsets}"
  RESPOND MSG="{ offsets } { opts }"

[delayed_gcode SAY_LATER]
initial_duration: 0.5
gcode:
  RESPOND MSG="later"
`;

describe('gcode_macro', () => {
  test('params, rawparams, printer status, variables and SET_GCODE_VARIABLE', async () => {
    const host = await startPrinter(MACROS);
    expect(host.state).toBe('ready');
    await host.runScript('G28\nG1 X12');
    expect(await host.runScript('GREET WHO=Ada')).toEqual(['echo: Hello, Ada! raw=WHO=Ada x=12 n=3']);
    expect(host.printer.statusOf('gcode_macro GREET')).toEqual({
      greeting: 'Hello',
      times: 1,
      list: [1, 2, 3],
    });
    await host.runScript('SET_GCODE_VARIABLE MACRO=GREET VARIABLE=greeting VALUE=\'"Hi"\'');
    expect(await host.runScript('GREET')).toEqual(['echo: Hi, world! raw= x=12 n=3']);
    expect((await host.runScript('HELP'))[0]).toContain('GREET     : Say hello');
  });

  test('values print as Python prints them; tuples and dicts from variables and SET_GCODE_VARIABLE', async () => {
    const host = await startPrinter(MACROS);
    await host.runScript('G28\nG1 X12');
    expect(await host.runScript('SHOW_PY A=1 B=two')).toEqual([
      "echo: {'A': '1', 'B': 'two'} Coord(x=12.0, y=0.0, z=0.0, e=0.0) 1.5/-2",
      "echo: (1.5, -2) {'speed': 50, 'axes': ['x', 'y'], 'on': True, 'off': None}",
    ]);
    await host.runScript('SET_GCODE_VARIABLE MACRO=SHOW_PY VARIABLE=offsets VALUE=(3,)');
    await host.runScript(`SET_GCODE_VARIABLE MACRO=SHOW_PY VARIABLE=opts VALUE="{'a': (1, 2)}"`);
    // `"%.1f/%d" % (3,)` has one value for two conversions now: Python's error, from the macro.
    expect(await host.runScript('SHOW_PY')).toEqual([
      "!! Error evaluating 'gcode_macro SHOW_PY:gcode': TypeError: not enough arguments for format string",
    ]);
    expect(host.printer.statusOf('gcode_macro SHOW_PY')).toEqual({ offsets: [3], opts: { a: [1, 2] } });
  });

  test('SET_GCODE_VARIABLE errors', async () => {
    const host = await startPrinter(MACROS);
    expect(await host.runScript('SET_GCODE_VARIABLE MACRO=GREET VARIABLE=nope VALUE=1')).toEqual([
      "!! Unknown gcode_macro variable 'nope'",
    ]);
    const out = await host.runScript('SET_GCODE_VARIABLE MACRO=GREET VARIABLE=times VALUE=abc');
    expect(out.at(-1)).toMatch(/^!! Unable to parse 'abc' as a literal: /);
    expect(await host.runScript('SET_GCODE_VARIABLE MACRO=NOPE VARIABLE=x VALUE=1')).toEqual([
      "!! The value 'NOPE' is not valid for MACRO. Options: 'GREET', 'LOOP', 'FAIL', 'BAD_EXPR', 'G28', 'SHOW_PY'",
    ]);
  });

  test('recursion is an error', async () => {
    const host = await startPrinter(MACROS);
    expect(await host.runScript('LOOP')).toEqual(['!! Macro LOOP called recursively']);
    expect(host.state).toBe('ready');
  });

  test('action_raise_error and template errors reply with !!', async () => {
    const host = await startPrinter(MACROS);
    expect(await host.runScript('FAIL')).toEqual(['!! nope, not today']);
    const out = await host.runScript('BAD_EXPR X=1');
    expect(out.at(-1)).toMatch(/^!! Error evaluating 'gcode_macro BAD_EXPR:gcode': /);
    expect(host.state).toBe('ready');
  });

  test('rename_existing wraps a built-in command', async () => {
    const host = await startPrinter(MACROS);
    expect(await host.runScript('G28 X')).toEqual(['echo: homing via macro']);
    expect(host.printer.statusOf('toolhead')!.homed_axes).toBe('x');
  });

  test('a template that does not compile is a config error', async () => {
    const host = await startPrinter(`${MINIMAL}\n[gcode_macro BROKEN]\ngcode:\n  {% if %}\n`);
    expect(host.state).toBe('error');
    expect(host.printer.stateMessage).toMatch(/^Error loading template 'gcode_macro BROKEN:gcode': /);
  });

  test('a variable that is not a literal is a config error', async () => {
    const host = await startPrinter(`${MINIMAL}\n[gcode_macro V]\nvariable_name: bare words\ngcode: G28\n`);
    expect(host.printer.stateMessage).toMatch(
      /^Option 'variable_name' in section 'gcode_macro V' is not a valid literal/,
    );
  });

  test('a missing gcode option', async () => {
    const host = await startPrinter(`${MINIMAL}\n[gcode_macro EMPTY]\n`);
    expect(host.printer.stateMessage).toMatch(
      /^Option 'gcode' in section 'gcode_macro EMPTY' must be specified/,
    );
  });
});

describe('delayed_gcode', () => {
  test('runs after initial_duration and again from UPDATE_DELAYED_GCODE', async () => {
    const lines: string[] = [];
    const host = await startPrinter(MACROS, { speed: 20 });
    host.onOutput((l) => lines.push(l));
    await new Promise((r) => setTimeout(r, 80));
    expect(lines).toContain('echo: later');
    lines.length = 0;
    await host.runScript('UPDATE_DELAYED_GCODE ID=SAY_LATER DURATION=0.2');
    await new Promise((r) => setTimeout(r, 60));
    expect(lines).toEqual(['echo: later']);
    expect(await host.runScript('UPDATE_DELAYED_GCODE ID=NOPE DURATION=1')).toEqual([
      "!! The value 'NOPE' is not valid for ID. Options: 'SAY_LATER'",
    ]);
  });
});
