import { commandError } from '../errors.js';
import type { GCodeCommand } from '../gcode/command.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrinterConfig } from '../plugin/types.js';
import type { Printer } from '../printer/printer.js';
import type { Heater } from './heater.js';
import { heatersOf } from './heaters.js';
import type { Toolhead } from './toolhead.js';

/** `[extruder]`, `[extruder1]`…: a simulated hotend with M104/M109, cold-extrusion check and pressure advance. */
export class PrinterExtruder {
  readonly name: string;
  readonly heater: Heater;
  private readonly minExtrudeTemp: number;
  pressureAdvance: number;
  smoothTime: number;
  private readonly printer: Printer;

  constructor(config: PrinterConfig) {
    this.printer = config.getPrinter();
    this.name = config.getName();
    const index = this.name === 'extruder' ? 0 : Number(this.name.slice('extruder'.length));
    const heaters = heatersOf(this.printer);
    this.heater = heaters.setupHeater(config, `T${index}`, 3);
    config.getFloat('nozzle_diameter', undefined, { above: 0 });
    config.getFloat('filament_diameter', undefined, { minval: config.getFloat('nozzle_diameter') });
    this.minExtrudeTemp = config.getFloat('min_extrude_temp', 170, { minval: 0 });
    this.pressureAdvance = config.getFloat('pressure_advance', 0, { minval: 0 });
    this.smoothTime = config.getFloat('pressure_advance_smooth_time', 0.04, { above: 0, maxval: 0.2 });
    config.acceptRemaining();
    const g = this.printer.gcode;
    if (this.name === 'extruder') {
      g.registerCommand('M104', (gcmd) => this.cmdM104(gcmd, false));
      g.registerCommand('M109', (gcmd) => this.cmdM104(gcmd, true));
    }
    g.registerMuxCommand('ACTIVATE_EXTRUDER', 'EXTRUDER', this.name, () => this.activate(), {
      desc: 'Change the active extruder',
    });
    g.registerMuxCommand(
      'SET_PRESSURE_ADVANCE',
      'EXTRUDER',
      this.name,
      (gcmd) => this.cmdPressureAdvance(gcmd),
      {
        desc: 'Set pressure advance parameters',
      },
    );
    if (this.name === 'extruder') {
      // The default extruder also answers SET_PRESSURE_ADVANCE without EXTRUDER=.
      g.registerMuxCommand('SET_PRESSURE_ADVANCE', 'EXTRUDER', null, (gcmd) => this.cmdPressureAdvance(gcmd));
      this.printer.registerEventHandler('klippy:connect', () => this.activate());
    }
  }

  private toolhead(): Toolhead {
    return this.printer.lookupObject<Toolhead>('toolhead');
  }

  private activate(): void {
    const toolhead = this.toolhead();
    toolhead.extruderName = this.name;
    toolhead.checkExtrude = () => {
      if (!this.heater.canExtrude(this.minExtrudeTemp)) {
        throw commandError(
          "Extrude below minimum temp\nSee the 'min_extrude_temp' config option for details",
        );
      }
    };
  }

  private async cmdM104(gcmd: GCodeCommand, wait: boolean): Promise<void> {
    const temp = gcmd.getFloat('S', 0);
    const index = gcmd.getInt('T', null, { minval: 0 });
    let target: PrinterExtruder = this;
    if (index !== null) {
      const name = index === 0 ? 'extruder' : `extruder${index}`;
      const other = this.printer.lookupObject<PrinterExtruder | null, null>(name, null);
      if (!other) {
        if (temp <= 0) return;
        throw gcmd.error('Extruder not configured');
      }
      target = other;
    } else {
      const active = this.toolhead().extruderName;
      target = this.printer.lookupObject<PrinterExtruder>(active);
    }
    await heatersOf(this.printer).setTemperature(target.heater, temp, wait);
  }

  private cmdPressureAdvance(gcmd: GCodeCommand): void {
    this.pressureAdvance = gcmd.getFloat('ADVANCE', this.pressureAdvance, { minval: 0 });
    this.smoothTime = gcmd.getFloat('SMOOTH_TIME', this.smoothTime, { minval: 0, maxval: 0.2 });
    gcmd.respondInfo(
      `pressure_advance: ${this.pressureAdvance.toFixed(6)}\npressure_advance_smooth_time: ${this.smoothTime.toFixed(6)}`,
    );
  }

  getStatus(): Record<string, unknown> {
    return {
      ...this.heater.getStatus(),
      can_extrude: this.heater.canExtrude(this.minExtrudeTemp),
      pressure_advance: this.pressureAdvance,
      smooth_time: this.smoothTime,
      motion_queue: null,
    };
  }
}

export const extruderPlugin = definePrinterPlugin({
  description: 'Simulated extruders',
  loadConfig: (config) => new PrinterExtruder(config),
});

/** `[heater_bed]`: a simulated bed with M140/M190. */
export const heaterBedPlugin = definePrinterPlugin({
  description: 'Simulated heated bed',
  loadConfig(config) {
    const printer = config.getPrinter();
    const heaters = heatersOf(printer);
    const heater = heaters.setupHeater(config, 'B', 6);
    config.acceptRemaining();
    const set = (gcmd: GCodeCommand, wait: boolean) =>
      heaters.setTemperature(heater, gcmd.getFloat('S', 0), wait);
    printer.gcode.registerCommand('M140', (gcmd) => set(gcmd, false));
    printer.gcode.registerCommand('M190', (gcmd) => set(gcmd, true));
    return heater;
  },
});
