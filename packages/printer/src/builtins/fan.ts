import type { GCodeCommand } from '../gcode/command.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrinterConfig } from '../plugin/types.js';

/** A simulated fan: a speed between 0 and max_power, no tachometer. */
export class Fan {
  speed = 0;
  private readonly maxPower: number;
  private readonly offBelow: number;

  constructor(config: PrinterConfig) {
    this.maxPower = config.getFloat('max_power', 1, { above: 0, maxval: 1 });
    this.offBelow = config.getFloat('off_below', 0, { minval: 0, maxval: 1 });
    config.acceptRemaining();
    config.getPrinter().registerEventHandler('klippy:shutdown', () => {
      this.speed = 0;
    });
  }

  setSpeed(value: number): void {
    const v = Math.max(0, Math.min(this.maxPower, value));
    this.speed = v < this.offBelow ? 0 : v;
  }

  getStatus(): Record<string, unknown> {
    return { speed: this.speed, rpm: null };
  }
}

/** `[fan]`: the part cooling fan, M106 S<0-255> and M107. */
export const fanPlugin = definePrinterPlugin({
  description: 'Part cooling fan',
  loadConfig(config) {
    const fan = new Fan(config);
    const g = config.getPrinter().gcode;
    g.registerCommand('M106', (gcmd: GCodeCommand) =>
      fan.setSpeed(gcmd.getFloat('S', 255, { minval: 0 }) / 255),
    );
    g.registerCommand('M107', () => fan.setSpeed(0));
    return fan;
  },
});

/** `[fan_generic NAME]`: a fan set with SET_FAN_SPEED FAN=NAME SPEED=0..1. */
export const fanGenericPlugin = definePrinterPlugin({
  description: 'Generic fans',
  loadConfigPrefix(config) {
    const fan = new Fan(config);
    const name = config.getName().split(/\s+/).slice(1).join(' ');
    config
      .getPrinter()
      .gcode.registerMuxCommand(
        'SET_FAN_SPEED',
        'FAN',
        name,
        (gcmd) => fan.setSpeed(gcmd.getFloat('SPEED', 0)),
        {
          desc: 'Sets the speed of a fan',
        },
      );
    return fan;
  },
});

/** `[heater_fan NAME]`, `[controller_fan NAME]`: fans the virtual printer reports but never needs to run. */
export const passiveFanPlugin = definePrinterPlugin({
  description: 'Heater and controller fans (reported, not driven)',
  loadConfigPrefix: (config) => new Fan(config),
});
