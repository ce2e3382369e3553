import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FileConfig, PrinterErrorCodes, parseConfigText, readPrinterConfig } from '../src/index.js';
import { tempFiles } from './helpers.js';

const parse = (text: string) => {
  const fc = new FileConfig();
  parseConfigText(text, 'printer.cfg', fc);
  return fc;
};

describe('Klipper config dialect', () => {
  test('both delimiters, lower-cased options, section names keep case', () => {
    const fc = parse('[Stepper_X]\nStep_Pin: PB13\ndir_pin = !PB12\n');
    expect(fc.sections()).toEqual(['Stepper_X']);
    expect(fc.get('Stepper_X', 'step_pin')).toBe('PB13');
    expect(fc.get('Stepper_X', 'dir_pin')).toBe('!PB12');
    expect(fc.hasSection('stepper_x')).toBe(false);
  });

  test('# starts a comment anywhere, ; only at the start or after whitespace', () => {
    const fc = parse('[a]\nx: 1#no space needed\ny: 2 ; comment\nz: 3;kept\n; whole line\n');
    expect(fc.toObject()).toEqual({ a: { x: '1', y: '2', z: '3;kept' } });
  });

  test('indented lines continue a value; empty lines inside are kept, trailing ones dropped', () => {
    // As configparser: an empty first line stays as a leading newline.
    const fc = parse('[gcode_macro X]\ngcode:\n  G28\n\n  G1 X10\n\n[b]\nk: v\n');
    expect(fc.get('gcode_macro X', 'gcode')).toBe('\nG28\n\nG1 X10');
  });

  test('a comment line inside a value leaves an empty line, as Klipper strips # first', () => {
    const fc = parse('[m]\ngcode:\n  G28\n  # home first\n  G1 X1\n');
    expect(fc.get('m', 'gcode')).toBe('\nG28\n\nG1 X1');
  });

  test('repeated sections merge and the last value wins', () => {
    const fc = parse('[a]\nx: 1\ny: 2\n[b]\n[a]\nx: 3\n');
    expect(fc.toObject()).toEqual({ a: { x: '3', y: '2' }, b: {} });
  });

  test('an option before any section is an error naming the line', () => {
    expect(() => parse('x: 1\n')).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.CONFIG_SYNTAX,
        line: 1,
        message: expect.stringContaining('printer.cfg:1'),
      }),
    );
  });

  test('a line that is no option is an error naming file and line', () => {
    expect(() => parse('[a]\nx: 1\nthis is garbage\n')).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.CONFIG_SYNTAX,
        message:
          '@plugboard/printer: File contains parsing errors: \'this is garbage\' (printer.cfg:3). Write options as "name: value" and indent continuation lines',
      }),
    );
  });
});

describe('includes', () => {
  test('globs relative to the including file, sorted, applied where they stand', () => {
    const dir = tempFiles({
      'printer.cfg': '[a]\nx: main\n[include conf.d/*.cfg]\n[a]\ny: after\n',
      'conf.d/20-b.cfg': '[a]\nx: b\nz: b\n',
      'conf.d/10-a.cfg': '[a]\nx: a\n[include ../more.cfg]\n',
      'more.cfg': '[more]\nk: v\n',
    });
    const read = readPrinterConfig(join(dir, 'printer.cfg'));
    expect(read.config.toObject()).toEqual({ a: { x: 'b', y: 'after', z: 'b' }, more: { k: 'v' } });
    expect(read.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'printer.cfg',
      'conf.d/10-a.cfg',
      'more.cfg',
      'conf.d/20-b.cfg',
    ]);
  });

  test('a wildcard matching nothing is fine, a missing file is an error', () => {
    const ok = tempFiles({ 'printer.cfg': '[include none/*.cfg]\n[a]\n' });
    expect(readPrinterConfig(join(ok, 'printer.cfg')).config.sections()).toEqual(['a']);
    const bad = tempFiles({ 'printer.cfg': '[a]\n[include missing.cfg]\n' });
    expect(() => readPrinterConfig(join(bad, 'printer.cfg'))).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.CONFIG_INCLUDE,
        message: expect.stringMatching(
          /^@plugboard\/printer: Include file '.*missing\.cfg' does not exist \(.*printer\.cfg:2\)/,
        ),
      }),
    );
  });

  test('a recursive include is an error', () => {
    const dir = tempFiles({ 'printer.cfg': '[include a.cfg]\n', 'a.cfg': '[include printer.cfg]\n' });
    expect(() => readPrinterConfig(join(dir, 'printer.cfg'))).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.CONFIG_INCLUDE,
        message: expect.stringContaining('Recursive include of config file'),
      }),
    );
  });

  test('an unreadable main file uses Klipper wording', () => {
    expect(() => readPrinterConfig('/nonexistent/printer.cfg')).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.CONFIG_FILE,
        message: expect.stringContaining('Unable to open config file /nonexistent/printer.cfg'),
      }),
    );
  });
});

const BLOCK = `
#*# <---------------------- SAVE_CONFIG ---------------------->
#*# DO NOT EDIT THIS BLOCK OR BELOW. The contents are auto-generated.
#*#
#*# [extruder]
#*# pid_kp = 22.5
#*#
#*# [bed_mesh default]
#*# points =
#*# \t0.1, 0.2
#*# \t0.3, 0.4
`;

describe('SAVE_CONFIG block', () => {
  test('overrides values of the main file and adds its own sections', () => {
    const dir = tempFiles({ 'printer.cfg': `[extruder]\npid_Kp: 20\nmax_temp: 250\n${BLOCK}` });
    const read = readPrinterConfig(join(dir, 'printer.cfg'));
    expect(read.config.get('extruder', 'pid_kp')).toBe('22.5');
    expect(read.config.get('extruder', 'max_temp')).toBe('250');
    expect(read.config.get('bed_mesh default', 'points')).toBe('\n0.1, 0.2\n0.3, 0.4');
    expect(read.autosave.sections()).toEqual(['extruder', 'bed_mesh default']);
  });

  test('a value an included file also sets is an error', () => {
    const dir = tempFiles({
      'printer.cfg': `[include ext.cfg]\n${BLOCK}`,
      'ext.cfg': '[extruder]\npid_kp: 20\n',
    });
    expect(() => readPrinterConfig(join(dir, 'printer.cfg'))).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.AUTOSAVE,
        message: expect.stringContaining(
          "SAVE_CONFIG section 'extruder' option 'pid_kp' conflicts with included value",
        ),
      }),
    );
  });

  test('edits after the block make Klipper ignore it, with a warning', () => {
    const dir = tempFiles({ 'printer.cfg': `[extruder]\npid_kp: 20\n${BLOCK}[oops]\n` });
    const read = readPrinterConfig(join(dir, 'printer.cfg'));
    expect(read.warnings).toEqual(["Can't read autosave from config file - modifications after header"]);
    expect(read.config.get('extruder', 'pid_kp')).toBe('20');
  });
});
