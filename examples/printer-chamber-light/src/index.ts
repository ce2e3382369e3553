import { definePrinterPlugin, type GCodeCommand, type PrinterConfig } from '@plugboard/printer';

/**
 * `[chamber_light NAME]`: a dimmable light per named section, all driven by
 * one mux command, `SET_CHAMBER_LIGHT LIGHT=NAME BRIGHTNESS=0..1`, the way
 * Klipper's `[output_pin]` and `[led]` share theirs.
 */
export class ChamberLight {
  readonly name: string;
  brightness: number;
  private readonly offAtShutdown: boolean;

  constructor(config: PrinterConfig) {
    this.name = config.getName().split(/\s+/).slice(1).join(' ');
    this.brightness = config.getFloat('initial_brightness', 0, { minval: 0, maxval: 1 });
    this.offAtShutdown = config.getBoolean('off_at_shutdown', true);
    const printer = config.getPrinter();
    printer.gcode.registerMuxCommand('SET_CHAMBER_LIGHT', 'LIGHT', this.name, (gcmd) => this.set(gcmd), {
      desc: 'Set the brightness of a chamber light',
    });
    printer.registerEventHandler('klippy:shutdown', () => {
      if (this.offAtShutdown) this.brightness = 0;
    });
  }

  private set(gcmd: GCodeCommand): void {
    this.brightness = gcmd.getFloat('BRIGHTNESS', undefined, { minval: 0, maxval: 1 });
    gcmd.respondInfo(`Chamber light ${this.name}: ${Math.round(this.brightness * 100)}%`);
  }

  getStatus(): Record<string, unknown> {
    return { brightness: this.brightness };
  }
}

export default definePrinterPlugin({
  description: 'Dimmable chamber lights, one per [chamber_light NAME] section',
  loadConfigPrefix: (config) => new ChamberLight(config),
});
