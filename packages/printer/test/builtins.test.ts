import { describe, expect, test } from 'vitest';
import { MINIMAL, startPrinter } from './helpers.js';

const FULL = `${MINIMAL}
[fan]
[fan_generic exhaust]
[virtual_sdcard]
path: gcodes
[pause_resume]
[display_status]
[respond]
[temperature_sensor chamber]
`;

const status = (host: Awaited<ReturnType<typeof startPrinter>>, name: string) => host.printer.statusOf(name)!;

describe('toolhead and gcode_move', () => {
  test('moves need homing, stay inside the stepper limits, and M114 reports the G-code position', async () => {
    const host = await startPrinter(MINIMAL);
    expect(await host.runScript('G1 X10')).toEqual(['!! Must home axis first: 10.000 0.000 0.000 [0.000]']);
    await host.runScript('G28');
    expect(status(host, 'toolhead').homed_axes).toBe('xyz');
    expect(await host.runScript('G1 X201 F6000')).toEqual([
      '!! Move out of range: 201.000 0.000 0.000 [0.000]',
    ]);
    expect(await host.runScript('G1 X10 Y20 F6000\nG91\nG1 X5\nG90\nG92 X0\nM114')).toEqual([
      'X:0.000 Y:20.000 Z:0.000 E:0.000',
    ]);
    expect(status(host, 'gcode_move')).toMatchObject({
      position: [15, 20, 0, 0],
      gcode_position: [0, 20, 0, 0],
      speed: 100,
    });
    expect(status(host, 'toolhead')).toMatchObject({
      position: [15, 20, 0, 0],
      axis_maximum: [200, 200, 180, 0],
    });
    expect(await host.runScript('G1 X1 F-1')).toEqual(["!! Invalid speed in 'G1 X1 F-1'"]);
    expect(await host.runScript('G1 X1.2.3')).toEqual(["!! Unable to parse move 'G1 X1.2.3'"]);
    expect(await host.runScript('G20')).toEqual(['!! Machine does not support G20 (inches) command']);
  });

  test('SAVE/RESTORE_GCODE_STATE and M220', async () => {
    const host = await startPrinter(MINIMAL);
    await host.runScript('G28\nG1 X50 Y50 F3000\nSAVE_GCODE_STATE NAME=a\nG91\nM220 S50\nG1 X10');
    expect(status(host, 'gcode_move')).toMatchObject({ absolute_coordinates: false, speed_factor: 0.5 });
    await host.runScript('RESTORE_GCODE_STATE NAME=a MOVE=1');
    expect(status(host, 'gcode_move')).toMatchObject({
      absolute_coordinates: true,
      speed_factor: 1,
      position: [50, 50, 0, 0],
    });
    expect(await host.runScript('RESTORE_GCODE_STATE NAME=zz')).toEqual(['!! Unknown g-code state: zz']);
  });
});

describe('heaters', () => {
  test('M104/M109 heat the extruder, M105 reports, cold extrusion is refused', async () => {
    const host = await startPrinter(MINIMAL, { speed: 200 });
    await host.runScript('G28');
    expect(await host.runScript('G1 E5 F300')).toEqual([
      "// Extrude below minimum temp\n// See the 'min_extrude_temp' config option for details",
      '!! Extrude below minimum temp',
    ]);
    await host.runScript('M109 S200');
    expect(Math.abs((status(host, 'extruder').temperature as number) - 200)).toBeLessThanOrEqual(1);
    expect(status(host, 'extruder')).toMatchObject({ target: 200, can_extrude: true });
    expect(await host.runScript('G1 E5 F300')).toEqual([]);
    expect((await host.runScript('M105'))[0]).toMatch(/^ok B:\d+\.\d \/0\.0 T0:\d+\.\d \/200\.0$/);
    expect(await host.runScript('M104 S300')).toEqual([
      '!! Requested temperature (300.0) out of range (0.0:260.0)',
    ]);
    expect(status(host, 'heaters')).toEqual({
      available_heaters: ['extruder', 'heater_bed'],
      available_sensors: ['extruder', 'heater_bed'],
      available_monitors: [],
    });
  });

  test('M190 waits for the bed; TEMPERATURE_WAIT checks its arguments', async () => {
    const host = await startPrinter(FULL, { speed: 200 });
    await host.runScript('M190 S60');
    expect(status(host, 'heater_bed').target).toBe(60);
    expect(Math.abs((status(host, 'heater_bed').temperature as number) - 60)).toBeLessThanOrEqual(1);
    expect(await host.runScript('TEMPERATURE_WAIT SENSOR=heater_bed')).toEqual([
      "!! Error on 'TEMPERATURE_WAIT': missing MINIMUM or MAXIMUM.",
    ]);
    expect(await host.runScript('TEMPERATURE_WAIT SENSOR=nope MINIMUM=1')).toEqual([
      "!! Unknown sensor 'nope'",
    ]);
    expect(await host.runScript('TEMPERATURE_WAIT SENSOR=heater_bed MINIMUM=50')).toEqual([]);
    expect(status(host, 'temperature_sensor chamber')).toMatchObject({ temperature: 25 });
    await host.runScript('TURN_OFF_HEATERS');
    expect(status(host, 'heater_bed').target).toBe(0);
  });
});

describe('fans, display, respond', () => {
  test('M106/M107, SET_FAN_SPEED, M117, M73, RESPOND', async () => {
    const host = await startPrinter(FULL);
    await host.runScript('M106 S127.5');
    expect(status(host, 'fan').speed).toBe(0.5);
    await host.runScript('M107\nSET_FAN_SPEED FAN=exhaust SPEED=0.3');
    expect(status(host, 'fan').speed).toBe(0);
    expect(status(host, 'fan_generic exhaust').speed).toBe(0.3);
    await host.runScript('M117 Hello world 42\nM73 P25');
    expect(status(host, 'display_status')).toEqual({ message: 'Hello world 42', progress: 0.25 });
    expect(await host.runScript('RESPOND TYPE=error MSG="oh no"')).toEqual(['!! oh no']);
    expect(await host.runScript('RESPOND TYPE=weird MSG=x')).toEqual([
      "!! RESPOND TYPE 'weird' is invalid. Must be one of 'echo', 'command', or 'error'",
    ]);
  });
});

const JOB = [
  'G28',
  'M83',
  'G1 Z0.3 F600',
  ...Array.from(
    { length: 60 },
    (_v, i) => `G1 X${10 + (i % 10) * 10} Y${10 + Math.floor(i / 10) * 10} E0.5 F6000`,
  ),
  'G1 Z10',
].join('\n');

describe('virtual_sdcard, print_stats, pause_resume', () => {
  test('prints a file to completion', async () => {
    const host = await startPrinter(FULL, {
      speed: 50,
      files: { 'gcodes/job.gcode': `M109 S200\n${JOB}\n` },
    });
    await host.runScript('SDCARD_PRINT_FILE FILENAME=job.gcode');
    expect(status(host, 'print_stats')).toMatchObject({ state: 'printing', filename: 'job.gcode' });
    const card = host.printer.lookupObject<{ idle(): Promise<void> }>('virtual_sdcard');
    await card.idle();
    expect(status(host, 'print_stats')).toMatchObject({ state: 'complete', filename: 'job.gcode' });
    expect(status(host, 'print_stats').filament_used).toBeCloseTo(30, 5);
    expect(status(host, 'virtual_sdcard')).toMatchObject({ progress: 1, is_active: false });
    expect(status(host, 'gcode_move').position).toEqual([100, 60, 10, 30]);
  });

  test('PAUSE, RESUME and CANCEL_PRINT', async () => {
    const host = await startPrinter(FULL, { speed: 5, files: { 'gcodes/job.gcode': `M109 S200\n${JOB}\n` } });
    await host.runScript('SDCARD_PRINT_FILE FILENAME=job.gcode');
    await host.runScript('PAUSE');
    expect(status(host, 'print_stats').state).toBe('paused');
    expect(status(host, 'pause_resume').is_paused).toBe(true);
    expect(await host.runScript('PAUSE')).toEqual(['// Print already paused']);
    await host.runScript('RESUME');
    expect(status(host, 'print_stats').state).toBe('printing');
    await host.runScript('CANCEL_PRINT');
    expect(status(host, 'print_stats').state).toBe('cancelled');
    expect(await host.runScript('RESUME')).toEqual(['// Print is not paused, resume aborted']);
    expect(await host.runScript('SDCARD_PRINT_FILE FILENAME=missing.gcode')).toEqual([
      '!! Unable to open file',
    ]);
  });

  test('a failing line ends the print in the error state', async () => {
    const host = await startPrinter(FULL, { files: { 'gcodes/bad.gcode': 'G28\nG1 X999\nG1 X1\n' } });
    await host.runScript('SDCARD_PRINT_FILE FILENAME=bad.gcode');
    await host.printer.lookupObject<{ idle(): Promise<void> }>('virtual_sdcard').idle();
    expect(status(host, 'print_stats')).toMatchObject({
      state: 'error',
      message: 'Move out of range: 999.000 0.000 0.000 [0.000]',
    });
  });
});
