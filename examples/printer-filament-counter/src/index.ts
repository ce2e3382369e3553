import { definePrinterPlugin, type PrinterConfig } from '@plugboard/printer';

interface GcodeMoveStatus {
  position: number[];
}

/**
 * `[filament_counter]`: counts filament pushed through the extruder against a
 * spool length, warns once when it runs low, and reports it to macros and
 * frontends as `printer.filament_counter`.
 */
export class FilamentCounter {
  private readonly printer;
  private spoolLength: number;
  private readonly warnBelow: number;
  private usedMm = 0;
  private lastE: number | undefined;
  private warned = false;

  constructor(config: PrinterConfig) {
    this.printer = config.getPrinter();
    this.spoolLength = config.getFloat('spool_length', 330, { above: 0 });
    this.warnBelow = config.getFloat('warn_below', 10, { minval: 0 });
    const gcode = this.printer.gcode;
    gcode.registerCommand(
      'FILAMENT_COUNTER',
      (gcmd) => {
        this.update();
        gcmd.respondInfo(
          `Filament used: ${(this.usedMm / 1000).toFixed(3)} m, remaining: ${this.remaining().toFixed(3)} m`,
        );
      },
      { desc: 'Report filament used from the spool' },
    );
    gcode.registerCommand(
      'RESET_FILAMENT_COUNTER',
      (gcmd) => {
        this.spoolLength = gcmd.getFloat('LENGTH', this.spoolLength, { above: 0 });
        this.usedMm = 0;
        this.warned = false;
        gcmd.respondInfo(`Filament counter reset: ${this.spoolLength.toFixed(3)} m on the spool`);
      },
      { desc: 'Start counting a new spool (LENGTH in metres)' },
    );
    // Count as moves happen, not only when someone asks, so the low-filament warning comes in time.
    this.printer.registerEventHandler('klippy:ready', () => {
      const stop = this.printer.reactor.every(1, () => this.update());
      this.printer.registerEventHandler('klippy:disconnect', stop);
    });
  }

  private remaining(): number {
    return Math.max(0, this.spoolLength - this.usedMm / 1000);
  }

  /** Add what the extruder pushed since last time; a G92 E0 (E going back) is a reset, not a retraction. */
  private update(): void {
    const move = this.printer.lookupObject<{ getStatus(): GcodeMoveStatus } | null, null>('gcode_move', null);
    const e = move?.getStatus().position[3] ?? 0;
    if (this.lastE !== undefined && e > this.lastE) this.usedMm += e - this.lastE;
    this.lastE = e;
    if (!this.warned && this.remaining() < this.warnBelow) {
      this.warned = true;
      this.printer.gcode.respondInfo(`Filament low: ${this.remaining().toFixed(3)} m left on the spool`);
    }
  }

  getStatus(): Record<string, unknown> {
    this.update();
    return {
      used_m: Math.round(this.usedMm) / 1000,
      remaining_m: Math.round(this.remaining() * 1000) / 1000,
      spool_length_m: this.spoolLength,
      low: this.remaining() < this.warnBelow,
    };
  }
}

export default definePrinterPlugin({
  description: 'Counts filament used from the spool',
  loadConfig: (config) => new FilamentCounter(config),
});
