import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPrinter } from '@plugboard/printer';
import { expect, test } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const config = fileURLToPath(new URL('../config/printer.cfg', import.meta.url));

test('the demo config starts with both example plugins found as dependencies', async () => {
  const host = createPrinter({ config, cwd: appDir, speed: 1000 });
  await host.start();
  expect(host.state).toBe('ready');
  expect(
    host
      .pluginInfo()
      .map((p) => p.name)
      .sort(),
  ).toEqual(['chamber_light', 'filament_counter']);
  expect(host.pluginInfo().find((p) => p.name === 'filament_counter')?.summary).toMatch(
    /counts the filament/,
  );
  const out = await host.runScript(
    'G28\nM109 S200\nG1 X100 Y100 Z1 F6000\nG1 X150 E50 F1800\nSET_CHAMBER_LIGHT LIGHT=top BRIGHTNESS=0.5\nPRINT_SUMMARY',
  );
  expect(out.at(-2)).toBe('// Chamber light top: 50%');
  expect(out.at(-1)).toBe('echo: used 0.05 m, 329.95 m left; top light 50%');
  // The hardware sections of a real config are accepted, one warning each.
  expect(host.printer.warnings.filter((w) => w.type === 'unsimulated_section').map((w) => w.section)).toEqual(
    ['mcu', 'tmc2209 stepper_x', 'probe'],
  );
  await host.close();
});

test('printer-host runs a console on stdin', async () => {
  const { existsSync } = await import('node:fs');
  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
  if (!existsSync(bin))
    throw new Error('apps/printer is not built; run `pnpm build` (npm test builds first).');
  const child = spawn(process.execPath, [bin, config, '--no-api', '--speed', '1000'], { cwd: appDir });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stdin.end('G28\nM114\nFOO\n');
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  expect(out).toContain('X:300.000 Y:300.000 Z:0.000 E:0.000');
  expect(out).toContain('// Unknown command:"FOO"');
});

test('printer-host names the code, file and line of a config error on stderr and keeps the console for RESTART', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'printer-host-'));
  try {
    const cfg = join(dir, 'printer.cfg');
    writeFileSync(cfg, '[printer]\nkinematics: none\nmax_velocity: fast\nmax_accel: 100\n');
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    // run from the config's folder with a relative path, as a user types it
    const child = spawn(process.execPath, [bin, 'printer.cfg', '--no-api'], { cwd: dir });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdin.end('STATUS\n');
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(err).toContain(
      `printer-host: PB_PRINTER_OPTION_INVALID: @plugboard/printer: Unable to parse option 'max_velocity' in section 'printer' (${cfg}:3)`,
    );
    expect(err).toContain('type RESTART');
    expect(out).toContain("!! Unable to parse option 'max_velocity' in section 'printer'");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
