import { delayedGcodePlugin } from '../macro/delayed-gcode.js';
import { gcodeMacroPlugin } from '../macro/gcode-macro.js';
import type { PrinterPlugin } from '../plugin/types.js';
import { extruderPlugin, heaterBedPlugin } from './extruder.js';
import { fanGenericPlugin, fanPlugin, passiveFanPlugin } from './fan.js';
import { heaterGenericPlugin, heatersPlugin, temperatureSensorPlugin } from './heaters.js';
import { pauseResumePlugin } from './pause-resume.js';
import { printStatsPlugin } from './print-stats.js';
import {
  displayStatusPlugin,
  idleTimeoutPlugin,
  respondPlugin,
  systemStatsPlugin,
} from './status-objects.js';
import { printerSectionPlugin } from './toolhead.js';
import { virtualSdcardPlugin } from './virtual-sdcard.js';

/**
 * The modules built into the virtual printer, by section word, in the order
 * their units load. Plugins load before them unless they `require` them.
 */
export const BUILTIN_PLUGINS: ReadonlyArray<readonly [string, PrinterPlugin]> = [
  ['heaters', heatersPlugin],
  ['print_stats', printStatsPlugin],
  ['extruder', extruderPlugin],
  ['heater_bed', heaterBedPlugin],
  ['heater_generic', heaterGenericPlugin],
  ['temperature_sensor', temperatureSensorPlugin],
  ['fan', fanPlugin],
  ['fan_generic', fanGenericPlugin],
  ['heater_fan', passiveFanPlugin],
  ['controller_fan', passiveFanPlugin],
  ['printer', printerSectionPlugin],
  ['gcode_macro', gcodeMacroPlugin],
  ['delayed_gcode', delayedGcodePlugin],
  ['virtual_sdcard', virtualSdcardPlugin],
  ['pause_resume', pauseResumePlugin],
  ['idle_timeout', idleTimeoutPlugin],
  ['display_status', displayStatusPlugin],
  ['respond', respondPlugin],
  ['system_stats', systemStatsPlugin],
];

/** Built-ins loaded whether or not the config names them (Klipper adds these itself). */
export const ALWAYS_LOADED = [
  'heaters',
  'print_stats',
  'printer',
  'idle_timeout',
  'display_status',
  'system_stats',
];

export const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTIN_PLUGINS.map(([name]) => name));
