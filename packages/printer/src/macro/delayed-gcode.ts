import type { GCodeCommand } from '../gcode/command.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrinterConfig } from '../plugin/types.js';
import type { Printer } from '../printer/printer.js';
import { loadTemplate } from './environment.js';
import type { GCodeTemplate } from './template.js';

/** `[delayed_gcode NAME]`: a template run once after a delay (at start-up or from UPDATE_DELAYED_GCODE). */
export class DelayedGcode {
  private readonly printer: Printer;
  private readonly template: GCodeTemplate;
  private readonly initialDuration: number;
  private cancel: (() => void) | undefined;
  private readonly name: string;

  constructor(config: PrinterConfig) {
    this.printer = config.getPrinter();
    this.name = config.getName().split(/\s+/)[1]!;
    this.template = loadTemplate(config, 'gcode');
    this.initialDuration = config.getFloat('initial_duration', 0, { minval: 0 });
    this.printer.registerEventHandler('klippy:ready', () => {
      if (this.initialDuration) this.schedule(this.initialDuration);
    });
    this.printer.registerEventHandler('klippy:shutdown', () => this.cancel?.());
    this.printer.registerEventHandler('klippy:disconnect', () => this.cancel?.());
    this.printer.gcode.registerMuxCommand(
      'UPDATE_DELAYED_GCODE',
      'ID',
      this.name,
      (gcmd) => this.update(gcmd),
      {
        desc: 'Update the duration of a delayed_gcode',
      },
    );
  }

  private schedule(seconds: number): void {
    this.cancel?.();
    this.cancel = this.printer.reactor.after(seconds, () => {
      this.cancel = undefined;
      // Runs like a console line: its own turn of the G-code queue; errors go to the console.
      this.printer.gcode.runScript(this.safeRender()).catch(() => undefined);
    });
  }

  private safeRender(): string {
    try {
      return this.template.render();
    } catch (error) {
      this.printer.gcode.respondError((error as { detail?: string }).detail ?? String(error));
      return '';
    }
  }

  private update(gcmd: GCodeCommand): void {
    const duration = gcmd.getFloat('DURATION', undefined, { minval: 0 });
    this.cancel?.();
    this.cancel = undefined;
    if (duration) this.schedule(duration);
  }
}

export const delayedGcodePlugin = definePrinterPlugin({
  description: 'G-code run after a delay',
  loadConfigPrefix: (config) => new DelayedGcode(config),
});
