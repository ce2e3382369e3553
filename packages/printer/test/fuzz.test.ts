import { expect, test } from 'vitest';
import { MINIMAL, startPrinter } from './helpers.js';

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = [
  'G1',
  'G0',
  'G28',
  'G92',
  'M104',
  'M109',
  'M140',
  'M106',
  'M107',
  'M117',
  'M114',
  'SET_GCODE_VARIABLE',
  'HELP',
  'TEMPERATURE_WAIT',
  'SET_PRESSURE_ADVANCE',
  'PAUSE',
  'RESUME',
  'SAVE_GCODE_STATE',
  'RESTORE_GCODE_STATE',
  'SET_VELOCITY_LIMIT',
  'G4',
  'M220',
  'M221',
  'GET_POSITION',
  'SET_HEATER_TEMPERATURE',
  'ACTIVATE_EXTRUDER',
  'RESPOND',
  'N5',
  'T0',
  'XYZ',
  '$%',
  '',
];
const CHARS = ' XYZEFSPTxyz=."\'\\;#*-+0123456789e_abcAB\t{}[]%';

function randomLine(r: () => number): string {
  const parts: string[] = [WORDS[Math.floor(r() * WORDS.length)]!];
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    let word = '';
    const len = Math.floor(r() * 8);
    for (let j = 0; j < len; j++) word += CHARS[Math.floor(r() * CHARS.length)];
    parts.push(word);
  }
  return parts.join(r() < 0.5 ? ' ' : '');
}

test('random G-code lines never crash the host and every failing line gets an error reply', async () => {
  const host = await startPrinter(
    `${MINIMAL}\n[fan]\n[respond]\n[pause_resume]\n[gcode_macro FOO]\nvariable_v: 1\ngcode: RESPOND MSG={v}\n`,
    {
      speed: 100000,
    },
  );
  await host.runScript('G28');
  const r = rng(20261202);
  let errors = 0;
  let unknown = 0;
  for (let i = 0; i < 3000; i++) {
    const line = randomLine(r);
    const out: string[] = [];
    const off = host.onOutput((l) => out.push(l));
    let failed = false;
    // Timeouts would show up as a hang; waits are short at this simulation speed.
    await host.printer.gcode.runScript(line).catch(() => {
      failed = true;
    });
    off();
    if (failed) {
      errors++;
      expect(out.at(-1), line).toMatch(/^!! /);
    }
    if (out.some((l) => l.startsWith('// Unknown command:'))) unknown++;
    expect(host.state, `after ${JSON.stringify(line)}: ${host.printer.stateMessage}`).toBe('ready');
  }
  // The generator hits both kinds of bad input, not only harmless lines.
  expect(errors).toBeGreaterThan(300);
  expect(unknown).toBeGreaterThan(100);
});
