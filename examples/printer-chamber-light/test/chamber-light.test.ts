import { createPrinter } from '@plugboard/printer';
import { startPrinterHarness } from '@plugboard/testing/printer';
import { expect, test } from 'vitest';
import chamberLight from '../src/index.js';

const CONFIG = `[printer]
kinematics: none
max_velocity: 100
max_accel: 100

[chamber_light top]
initial_brightness: 0.2

[chamber_light bottom]
off_at_shutdown: false
`;

const start = (config = CONFIG) =>
  startPrinterHarness({ createPrinter, plugins: { chamber_light: chamberLight }, config });

test('one object per named section, one mux command for all', async () => {
  const h = await start();
  expect(h.state).toBe('ready');
  expect(h.status('chamber_light top')).toEqual({ brightness: 0.2 });
  expect(await h.run('SET_CHAMBER_LIGHT LIGHT=bottom BRIGHTNESS=0.75')).toEqual([
    '// Chamber light bottom: 75%',
  ]);
  expect(h.status('chamber_light bottom')).toEqual({ brightness: 0.75 });
  expect(await h.run('SET_CHAMBER_LIGHT LIGHT=side BRIGHTNESS=1')).toEqual([
    "!! The value 'side' is not valid for LIGHT. Options: 'top', 'bottom'",
  ]);
  expect(await h.run('SET_CHAMBER_LIGHT LIGHT=top BRIGHTNESS=2')).toEqual([
    "!! Error on 'SET_CHAMBER_LIGHT LIGHT=top BRIGHTNESS=2': BRIGHTNESS must have maximum of 1",
  ]);
  await h.run('M112');
  expect(h.status('chamber_light top')).toEqual({ brightness: 0 });
  expect(h.status('chamber_light bottom')).toEqual({ brightness: 0.75 });
  await h.close();
});

test('a plain [chamber_light] has no name to address: Klipper says so', async () => {
  const h = await start('[printer]\nkinematics: none\nmax_velocity: 1\nmax_accel: 1\n[chamber_light]\n');
  expect(h.state).toBe('error');
  expect(h.stateMessage).toMatch(/^Unable to load module 'chamber_light'/);
  await h.close();
});

test('an out-of-range option names the section', async () => {
  const h = await start(
    '[printer]\nkinematics: none\nmax_velocity: 1\nmax_accel: 1\n[chamber_light x]\ninitial_brightness: 5\n',
  );
  expect(h.stateMessage).toMatch(
    /^Option 'initial_brightness' in section 'chamber_light x' must have maximum of 1/,
  );
  await h.close();
});
