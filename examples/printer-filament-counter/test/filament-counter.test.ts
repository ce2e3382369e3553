import { createPrinter } from '@plugboard/printer';
import { runGcodeTest, startPrinterHarness } from '@plugboard/testing/printer';
import { describe, expect, test } from 'vitest';
import filamentCounter from '../src/index.js';

const CONFIG = `[printer]
kinematics: cartesian
max_velocity: 300
max_accel: 3000
[stepper_x]
position_endstop: 0
position_max: 200
[stepper_y]
position_endstop: 0
position_max: 200
[stepper_z]
position_endstop: 0
position_max: 200
[extruder]
nozzle_diameter: 0.4
filament_diameter: 1.75
min_temp: 0
max_temp: 260
`;

describe('[filament_counter]', () => {
  test('counts extrusion, survives G92 E0, resets and warns when low', async () => {
    const h = await startPrinterHarness({
      createPrinter,
      plugins: { filament_counter: filamentCounter },
      config: `${CONFIG}[filament_counter]\nspool_length: 1\nwarn_below: 0.5\n`,
    });
    expect(h.state).toBe('ready');
    await h.run('M109 S200\nG28\nG1 X10 E300 F3000\nG92 E0\nG1 X20 E200');
    expect(h.status('filament_counter')).toEqual({
      used_m: 0.5,
      remaining_m: 0.5,
      spool_length_m: 1,
      low: false,
    });
    expect(await h.run('G1 X30 E210\nFILAMENT_COUNTER')).toEqual([
      '// Filament low: 0.490 m left on the spool',
      '// Filament used: 0.510 m, remaining: 0.490 m',
    ]);
    expect(await h.run('RESET_FILAMENT_COUNTER LENGTH=330')).toEqual([
      '// Filament counter reset: 330.000 m on the spool',
    ]);
    expect(h.status('filament_counter')).toMatchObject({ used_m: 0, remaining_m: 330, low: false });
    await h.close();
  });

  test('as a .test script, with bad input', async () => {
    const result = await runGcodeTest(
      `CONFIG\n${CONFIG}[filament_counter]\nEND_CONFIG\nFILAMENT_COUNTER\n> // Filament used: 0.000 m, remaining: 330.000 m\nRESET_FILAMENT_COUNTER LENGTH=-1\n> !! Error on 'RESET_FILAMENT_COUNTER LENGTH=-1': LENGTH must be above 0\nSHOULD_FAIL\n`,
      { createPrinter, plugins: { filament_counter: filamentCounter } },
    );
    expect(result.problems).toEqual([]);
  });

  test('a bad option is a config error in Klipper words', async () => {
    const h = await startPrinterHarness({
      createPrinter,
      plugins: { filament_counter: filamentCounter },
      config: `${CONFIG}[filament_counter]\nspool_length: 0\n`,
    });
    expect(h.state).toBe('error');
    expect(h.stateMessage).toMatch(/^Option 'spool_length' in section 'filament_counter' must be above 0/);
    await h.close();
  });
});
