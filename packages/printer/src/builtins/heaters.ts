import type { GCodeCommand } from '../gcode/command.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrinterConfig } from '../plugin/types.js';
import type { Printer } from '../printer/printer.js';
import { AMBIENT, Heater } from './heater.js';

interface Sensor {
  getStatus(): Record<string, unknown>;
}

/** The `heaters` object: every heater and sensor, M105, TEMPERATURE_WAIT, TURN_OFF_HEATERS. */
export class PrinterHeaters {
  readonly heaters = new Map<string, Heater>();
  private readonly sensors = new Map<string, Sensor>();
  private readonly gcodeIds = new Map<string, Heater | Sensor>();

  constructor(private readonly printer: Printer) {
    const g = printer.gcode;
    g.registerCommand('TURN_OFF_HEATERS', () => this.turnOffAll(), { desc: 'Turn off all heaters' });
    g.registerCommand('M105', (gcmd) => gcmd.respondRaw(`ok ${this.temperatureLine()}`), {
      whenNotReady: true,
    });
    g.registerCommand('TEMPERATURE_WAIT', (gcmd) => this.cmdTemperatureWait(gcmd), {
      desc: 'Wait for a temperature on a sensor',
    });
    g.registerCommand(
      'SET_HEATER_TEMPERATURE',
      (gcmd) => {
        const name = gcmd.get('HEATER');
        const heater = this.heaters.get(name);
        if (!heater) throw gcmd.error(`Heater ${name} not known`);
        heater.setTemp(gcmd.getFloat('TARGET', 0));
      },
      { desc: 'Sets a heater temperature' },
    );
    printer.registerEventHandler('klippy:shutdown', () => this.turnOffAll());
    printer.registerEventHandler('klippy:disconnect', () => {
      for (const h of this.heaters.values()) h.close();
    });
  }

  /** Build the simulated heater of a config section (Klipper's `setup_heater`). */
  setupHeater(config: PrinterConfig, gcodeId?: string, tau = 3): Heater {
    const name = config.getName();
    if (this.heaters.has(name)) throw config.error(`Heater ${name} already registered`);
    const heater = new Heater(this.printer, config, { tau });
    this.heaters.set(name, heater);
    this.sensors.set(name, heater);
    if (gcodeId) this.gcodeIds.set(gcodeId, heater);
    return heater;
  }

  registerSensor(config: PrinterConfig, sensor: Sensor, gcodeId?: string | null): void {
    this.sensors.set(config.getName(), sensor);
    if (gcodeId) this.gcodeIds.set(gcodeId, sensor);
  }

  lookupHeater(name: string): Heater {
    const heater = this.heaters.get(name);
    if (!heater) throw this.printer.configError(`Unknown heater '${name}'`);
    return heater;
  }

  turnOffAll(): void {
    for (const h of this.heaters.values()) h.target = 0;
  }

  /** The M105 reply: `T0:25.0 /0.0 B:25.0 /0.0`. */
  temperatureLine(): string {
    const out: string[] = [];
    for (const [id, s] of [...this.gcodeIds].sort(([a], [b]) => a.localeCompare(b))) {
      const st = s.getStatus() as { temperature: number; target?: number };
      out.push(`${id}:${st.temperature.toFixed(1)} /${(st.target ?? 0).toFixed(1)}`);
    }
    return out.length ? out.join(' ') : 'T:0';
  }

  /** Set a target and, with `wait`, report temperatures each second until it is reached. */
  async setTemperature(heater: Heater, degrees: number, wait = false): Promise<void> {
    heater.setTemp(degrees);
    if (wait && degrees) await this.waitFor(() => heater.checkBusy());
  }

  private async waitFor(busy: () => boolean): Promise<void> {
    while (busy()) {
      if (this.printer.state !== 'ready') return;
      this.printer.gcode.respondRaw(this.temperatureLine());
      await this.printer.reactor.pause(1);
    }
  }

  private async cmdTemperatureWait(gcmd: GCodeCommand): Promise<void> {
    const sensorName = gcmd.get('SENSOR');
    const params = gcmd.getCommandParameters();
    if (!('MINIMUM' in params) && !('MAXIMUM' in params)) {
      throw gcmd.error("Error on 'TEMPERATURE_WAIT': missing MINIMUM or MAXIMUM.");
    }
    const min = gcmd.getFloat('MINIMUM', -Infinity);
    const max = gcmd.getFloat('MAXIMUM', Infinity, { above: min });
    const sensor = this.sensors.get(sensorName);
    if (!sensor) throw gcmd.error(`Unknown sensor '${sensorName}'`);
    await this.waitFor(() => {
      const t = (sensor.getStatus() as { temperature: number }).temperature;
      return !(t >= min && t <= max);
    });
  }

  getStatus(): Record<string, unknown> {
    return {
      available_heaters: [...this.heaters.keys()],
      available_sensors: [...this.sensors.keys()],
      available_monitors: [],
    };
  }
}

/** The printer's `heaters` object, made on first use. */
export function heatersOf(printer: Printer): PrinterHeaters {
  return printer.loadObject<PrinterHeaters>(printer.configFor('heaters'), 'heaters');
}

export const heatersPlugin = definePrinterPlugin({
  description: 'Heater and temperature sensor registry',
  loadConfig: (config) => new PrinterHeaters(config.getPrinter()),
});

/** `[temperature_sensor NAME]`: a sensor reading the room (the virtual printer has no hardware). */
export const temperatureSensorPlugin = definePrinterPlugin({
  description: 'Temperature sensors (simulated at room temperature)',
  loadConfigPrefix(config) {
    const minTemp = config.getFloat('min_temp', -273.15);
    // Read for the unused-option check and its bounds; a room-temperature sensor never trips them.
    config.getFloat('max_temp', 99999999.9, { above: minTemp });
    const gcodeId = config.get('gcode_id', null);
    config.acceptRemaining();
    const sensor = {
      getStatus: () => ({ temperature: AMBIENT, measured_min_temp: AMBIENT, measured_max_temp: AMBIENT }),
    };
    heatersOf(config.getPrinter()).registerSensor(config, sensor, gcodeId);
    return sensor;
  },
});

/** `[heater_generic NAME]`: a simulated heater set with SET_HEATER_TEMPERATURE. */
export const heaterGenericPlugin = definePrinterPlugin({
  description: 'Generic heaters',
  loadConfigPrefix(config) {
    const heater = heatersOf(config.getPrinter()).setupHeater(
      config,
      config.get('gcode_id', null) ?? undefined,
      5,
    );
    config.acceptRemaining();
    return heater;
  },
});
