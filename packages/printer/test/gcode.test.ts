import { describe, expect, test } from 'vitest';
import { definePrinterPlugin, PrinterErrorCodes, parseExtendedParams, tokenize } from '../src/index.js';
import { MINIMAL, startPrinter } from './helpers.js';

describe("tokenize (Klipper's letter split)", () => {
  test.each([
    ['G1 X10 Y20 F3000', 'G1', { G: '1', X: '10', Y: '20', F: '3000' }],
    ['g1 x10.5y-2', 'G1', { G: '1', X: '10.5', Y: '-2' }],
    ['N10 G1 X5*33', 'G1', { N: '10', G: '1', X: '5', '*': '33' }],
    ['G28 ; home all', 'G28', { G: '28' }],
    ['  ; only a comment', '', {}],
    ['', '', {}],
    ['SET_FAN_SPEED FAN=x SPEED=0.5', 'SET_FAN_SPEED', expect.any(Object)],
    ['M117 Hello World', 'M117', expect.any(Object)],
    ['123', '123', {}],
  ])('%j', (line, command, params) => {
    const t = tokenize(line);
    expect(t.command).toBe(command);
    expect(t.params).toEqual(params);
  });
});

describe('extended parameters (shlex rules)', () => {
  test('KEY=value, quotes, comments', () => {
    expect(parseExtendedParams('key=value OTHER="a b" c=\'x y\' ; comment')).toEqual({
      KEY: 'value',
      OTHER: 'a b',
      C: 'x y',
    });
    expect(parseExtendedParams('MSG="say \\"hi\\""')).toEqual({ MSG: 'say "hi"' });
    expect(parseExtendedParams('')).toEqual({});
  });
  test('malformed: a word without = or an open quote', () => {
    expect(parseExtendedParams('NOVALUE')).toBeUndefined();
    expect(parseExtendedParams('A="open')).toBeUndefined();
  });
});

/** A plugin with commands that read parameters, for the error texts. */
const probe = definePrinterPlugin({
  loadConfig(config) {
    const g = config.getPrinter().gcode;
    g.registerCommand('M900', (gcmd) =>
      gcmd.respondInfo(`K=${gcmd.getFloat('K', undefined, { minval: 0, maxval: 2 })}`),
    );
    g.registerCommand(
      'MY_CMD',
      (gcmd) => {
        const n = gcmd.getInt('COUNT', 1, { minval: 1 });
        gcmd.respondInfo(
          `key=${gcmd.get('KEY')} other=${gcmd.get('OTHER', '-')} count=${n} raw=${gcmd.getRawCommandParameters()}`,
        );
      },
      { desc: 'A test command' },
    );
    g.registerCommand('BOOM', () => {
      throw new TypeError('a bug in a handler');
    });
    g.registerMuxCommand('SET_LED', 'LED', 'top', (gcmd) => gcmd.respondInfo('top set'));
    g.registerMuxCommand('SET_LED', 'LED', 'bottom', (gcmd) => gcmd.respondInfo('bottom set'));
    return {};
  },
});

describe('dispatch and replies', () => {
  const start = () => startPrinter(`${MINIMAL}\n[probe_cmds]\n`, { plugins: { probe_cmds: probe } });

  test('extended commands get their parameters; getInt/getFloat errors in Klipper words', async () => {
    const host = await start();
    expect(await host.runScript('MY_CMD KEY=value OTHER="a b" COUNT=3')).toEqual([
      '// key=value other=a b count=3 raw=KEY=value OTHER="a b" COUNT=3',
    ]);
    expect(await host.runScript('my_cmd key=v')).toEqual(['// key=v other=- count=1 raw=key=v']);
    expect(await host.runScript('MY_CMD')).toEqual(["!! Error on 'MY_CMD': missing KEY"]);
    expect(await host.runScript('MY_CMD KEY=1 COUNT=x')).toEqual([
      "!! Error on 'MY_CMD KEY=1 COUNT=x': unable to parse x",
    ]);
    expect(await host.runScript('MY_CMD KEY=1 COUNT=0')).toEqual([
      "!! Error on 'MY_CMD KEY=1 COUNT=0': COUNT must have minimum of 1",
    ]);
    expect(await host.runScript('M900 K3')).toEqual(["!! Error on 'M900 K3': K must have maximum of 2"]);
    expect(await host.runScript('M900 K0.5')).toEqual(['// K=0.5']);
  });

  test('malformed extended command', async () => {
    const host = await start();
    expect(await host.runScript('MY_CMD KEY="open')).toEqual(["!! Malformed command 'MY_CMD KEY=\"open'"]);
    expect(await host.runScript('MY_CMD NOVALUE')).toEqual(["!! Malformed command 'MY_CMD NOVALUE'"]);
  });

  test('unknown command, HELP, ECHO, M115', async () => {
    const host = await start();
    expect(await host.runScript('FOO')).toEqual(['// Unknown command:"FOO"']);
    const help = (await host.runScript('HELP'))[0]!;
    expect(help).toMatch(/^\/\/ Available extended commands:/);
    expect(help).toContain('// MY_CMD    : A test command');
    expect(await host.runScript('ECHO MSG=hi')).toEqual(['// ECHO MSG=hi']);
    expect((await host.runScript('M115'))[0]).toMatch(
      /^\/\/ FIRMWARE_NAME:Klipper FIRMWARE_VERSION:plugboard-/,
    );
  });

  test('a script stops at its first error', async () => {
    const host = await start();
    expect(await host.runScript('MY_CMD KEY=1\nMY_CMD\nMY_CMD KEY=2')).toEqual([
      '// key=1 other=- count=1 raw=KEY=1',
      "!! Error on 'MY_CMD': missing KEY",
    ]);
  });

  test('mux commands choose by key; an unknown value lists the options', async () => {
    const host = await start();
    expect(await host.runScript('SET_LED LED=bottom')).toEqual(['// bottom set']);
    expect(await host.runScript('SET_LED LED=side')).toEqual([
      "!! The value 'side' is not valid for LED. Options: 'top', 'bottom'",
    ]);
    expect(await host.runScript('SET_LED LED=to')).toEqual([
      "!! The value 'to' is not valid for LED. Did you mean 'top'?",
    ]);
    expect(await host.runScript('SET_LED')).toEqual(["!! Error on 'SET_LED': missing LED"]);
  });

  test('a handler bug shuts the printer down, as Klipper does', async () => {
    const host = await start();
    const out = await host.runScript('BOOM');
    expect(out).toContain('!! Internal error on command:"BOOM"');
    expect(host.state).toBe('shutdown');
  });

  test('registering twice, bad names, mux key conflicts are config errors', async () => {
    const bad = (register: (g: import('../src/index.js').GCodeDispatch) => void) =>
      definePrinterPlugin({
        loadConfig(config) {
          register(config.getPrinter().gcode);
          return {};
        },
      });
    const cases: Array<[(g: import('../src/index.js').GCodeDispatch) => void, RegExp]> = [
      [(g) => g.registerCommand('G1', () => undefined), /^gcode command G1 already registered/],
      [
        (g) => g.registerCommand('bad_name', () => undefined),
        /^Can't register 'bad_name' as it is an invalid name/,
      ],
      [
        (g) => {
          g.registerMuxCommand('SET_X', 'A', 'one', () => undefined);
          g.registerMuxCommand('SET_X', 'B', 'two', () => undefined);
        },
        /^mux command SET_X B two may have only one key \(A\)/,
      ],
      [
        (g) => {
          g.registerMuxCommand('SET_Y', 'A', 'one', () => undefined);
          g.registerMuxCommand('SET_Y', 'A', 'one', () => undefined);
        },
        /^mux command SET_Y A one already registered/,
      ],
    ];
    for (const [register, message] of cases) {
      const host = await startPrinter(`${MINIMAL}\n[bad]\n`, { plugins: { bad: bad(register) } });
      expect(host.state).toBe('error');
      expect(host.printer.stateMessage).toMatch(message);
    }
  });
});

test('the error of a failed command carries code and Klipper text', async () => {
  const host = await startPrinter(MINIMAL);
  await expect(host.printer.gcode.runScript('G1 X=')).rejects.toMatchObject({
    cause: expect.objectContaining({ code: PrinterErrorCodes.GCODE, detail: "Unable to parse move 'G1 X='" }),
  });
});
