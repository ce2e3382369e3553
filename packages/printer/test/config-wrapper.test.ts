import { describe, expect, test } from 'vitest';
import {
  type AccessTracking,
  ConfigWrapper,
  FileConfig,
  PrinterErrorCodes,
  parseConfigText,
} from '../src/index.js';

function wrapper(text: string, section = 's') {
  const fc = new FileConfig();
  parseConfigText(text, 'printer.cfg', fc);
  const tracking: AccessTracking = new Map();
  const deprecated: string[] = [];
  const owner = { deprecate: (s: string, o: string, v?: string) => deprecated.push(`${s}/${o}/${v ?? ''}`) };
  return { config: new ConfigWrapper(owner, fc, tracking, section), tracking, deprecated };
}

const fails = (fn: () => unknown, code: string, detail: string) =>
  expect(fn).toThrow(
    expect.objectContaining({
      code,
      detail,
      message: expect.stringContaining(`@plugboard/printer: ${detail}`),
    }),
  );

describe('ConfigWrapper getters', () => {
  const { config, tracking } = wrapper(
    '[s]\nname: hello\ncount: 12\nratio: 0.5\nflag: yes\nmode: b\nlist: a, b , c\nints: 1,2,3\nfloats: 1.5, -2\nrows:\n  1,2\n  3,4\nbad_int: 1.5\n',
  );

  test('typed values and defaults', () => {
    expect(config.get('name')).toBe('hello');
    expect(config.get('missing', 'dflt')).toBe('dflt');
    expect(config.get('missing', null)).toBeNull();
    expect(config.getInt('count')).toBe(12);
    expect(config.getFloat('ratio')).toBe(0.5);
    expect(config.getBoolean('flag')).toBe(true);
    expect(config.getChoice('mode', ['a', 'b'])).toBe('b');
    expect(config.getChoice('mode', { a: 1, b: 2 })).toBe(2);
    expect(config.getList('list')).toEqual(['a', 'b', 'c']);
    expect(config.getIntList('ints')).toEqual([1, 2, 3]);
    expect(config.getFloatList('floats')).toEqual([1.5, -2]);
    expect(config.getLists('rows', undefined, { seps: [',', '\n'], parser: Number })).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(config.getName()).toBe('s');
  });

  test('reads are tracked with the value they got (configfile.settings)', () => {
    expect(tracking.get('s\u0000count')?.value).toBe(12);
    expect(tracking.get('s\u0000missing')?.value).toBe('dflt');
  });

  test('a missing required option', () => {
    fails(
      () => config.getFloat('nope'),
      PrinterErrorCodes.OPTION_MISSING,
      "Option 'nope' in section 's' must be specified",
    );
  });

  test('a value that does not parse', () => {
    fails(
      () => config.getInt('bad_int'),
      PrinterErrorCodes.OPTION_INVALID,
      "Unable to parse option 'bad_int' in section 's'",
    );
    fails(
      () => config.getBoolean('name'),
      PrinterErrorCodes.OPTION_INVALID,
      "Unable to parse option 'name' in section 's'",
    );
  });

  test('bounds, in Klipper words', () => {
    fails(
      () => config.getInt('count', undefined, { minval: 20 }),
      PrinterErrorCodes.OPTION_RANGE,
      "Option 'count' in section 's' must have minimum of 20",
    );
    fails(
      () => config.getInt('count', undefined, { maxval: 10 }),
      PrinterErrorCodes.OPTION_RANGE,
      "Option 'count' in section 's' must have maximum of 10",
    );
    fails(
      () => config.getFloat('ratio', undefined, { above: 0.5 }),
      PrinterErrorCodes.OPTION_RANGE,
      "Option 'ratio' in section 's' must be above 0.5",
    );
    fails(
      () => config.getFloat('ratio', undefined, { below: 0.5 }),
      PrinterErrorCodes.OPTION_RANGE,
      "Option 'ratio' in section 's' must be below 0.5",
    );
  });

  test('an invalid choice and a wrong element count', () => {
    fails(
      () => config.getChoice('mode', ['x', 'y']),
      PrinterErrorCodes.OPTION_INVALID,
      "Choice 'b' for option 'mode' in section 's' is not a valid choice",
    );
    fails(
      () => config.getIntList('ints', undefined, { count: 2 }),
      PrinterErrorCodes.OPTION_INVALID,
      "Option 'ints' in section 's' must have 2 elements",
    );
  });

  test('errors point at the option line', () => {
    expect(() => config.getInt('bad_int')).toThrow(
      expect.objectContaining({ file: 'printer.cfg', line: 13 }),
    );
  });
});

describe('sections', () => {
  test('getSection, hasSection, getPrefixSections, getPrefixOptions', () => {
    const { config } = wrapper(
      '[printer]\n[gcode_macro A]\nvariable_x: 1\nvariable_y: 2\ngcode: G28\n[gcode_macro B]\n[fan]\n',
      'printer',
    );
    expect(config.hasSection('fan')).toBe(true);
    expect(config.hasSection('FAN')).toBe(false);
    expect(config.getPrefixSections('gcode_macro ').map((s) => s.getName())).toEqual([
      'gcode_macro A',
      'gcode_macro B',
    ]);
    expect(config.getSection('gcode_macro A').getPrefixOptions('variable_')).toEqual([
      'variable_x',
      'variable_y',
    ]);
    expect(config.getSection('nope').get('x', 'default')).toBe('default');
  });

  test('deprecate reports only options that are set', () => {
    const { config, deprecated } = wrapper('[s]\nold: 1\n');
    config.deprecate('old');
    config.deprecate('absent');
    config.deprecate('old', '1');
    expect(deprecated).toEqual(['s/old/', 's/old/1']);
  });
});
