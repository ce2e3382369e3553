import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { type CreatePrinterOptions, createPrinter, type VirtualPrinter } from '../src/index.js';

const dirs: string[] = [];
const hosts: VirtualPrinter[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp folder with the given files (paths relative to it); removed after the test. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-printer-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The smallest config a virtual printer starts with. */
export const MINIMAL = `[printer]
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
position_max: 180

[extruder]
nozzle_diameter: 0.4
filament_diameter: 1.75
min_temp: 0
max_temp: 260

[heater_bed]
min_temp: 0
max_temp: 120
`;

/** Start a virtual printer on `cfg` text (plus other files); closed after the test. */
export async function startPrinter(
  cfg: string,
  options: Partial<CreatePrinterOptions> & { files?: Record<string, string> } = {},
): Promise<VirtualPrinter> {
  const dir = tempFiles({ 'printer.cfg': cfg, ...options.files });
  const host = createPrinter({ config: join(dir, 'printer.cfg'), speed: 100, pluginsDir: false, ...options });
  hosts.push(host);
  await host.start();
  return host;
}
