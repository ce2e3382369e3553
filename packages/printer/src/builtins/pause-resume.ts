import type { GCodeCommand } from '../gcode/command.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrinterConfig } from '../plugin/types.js';
import type { Printer } from '../printer/printer.js';
import type { PrintStats } from './print-stats.js';
import type { VirtualSdcard } from './virtual-sdcard.js';

/** `[pause_resume]`: PAUSE, RESUME, CLEAR_PAUSE and CANCEL_PRINT around the virtual sdcard. */
export class PauseResume {
  isPaused = false;
  private readonly printer: Printer;
  private readonly recoverVelocity: number;

  constructor(config: PrinterConfig) {
    this.printer = config.getPrinter();
    this.recoverVelocity = config.getFloat('recover_velocity', 50);
    const g = this.printer.gcode;
    g.registerCommand('PAUSE', (gcmd) => this.cmdPause(gcmd), { desc: 'Pauses the current print' });
    g.registerCommand('RESUME', (gcmd) => this.cmdResume(gcmd), { desc: 'Resumes the print from a pause' });
    g.registerCommand(
      'CLEAR_PAUSE',
      () => {
        this.isPaused = false;
      },
      {
        desc: 'Clears the current paused state without resuming the print',
      },
    );
    g.registerCommand('CANCEL_PRINT', () => this.cmdCancel(), { desc: 'Cancel the current print' });
  }

  private sdcard(): VirtualSdcard | null {
    return this.printer.lookupObject<VirtualSdcard | null, null>('virtual_sdcard', null);
  }

  private async cmdPause(gcmd: GCodeCommand): Promise<void> {
    if (this.isPaused) return gcmd.respondInfo('Print already paused');
    this.isPaused = true;
    // The card stops after its current line; the G-code state is saved for RESUME.
    const card = this.sdcard();
    if (card?.isActive) card.pause();
    else this.printer.lookupObject<PrintStats>('print_stats').notePause();
    await this.printer.gcode.runScriptFromCommand('SAVE_GCODE_STATE NAME=PAUSE_STATE');
  }

  private async cmdResume(gcmd: GCodeCommand): Promise<void> {
    if (!this.isPaused) return gcmd.respondInfo('Print is not paused, resume aborted');
    const velocity = gcmd.getFloat('VELOCITY', this.recoverVelocity);
    await this.printer.gcode.runScriptFromCommand(
      `RESTORE_GCODE_STATE NAME=PAUSE_STATE MOVE=1 MOVE_SPEED=${velocity}`,
    );
    this.isPaused = false;
    const card = this.sdcard();
    if (card) card.resume();
    else this.printer.lookupObject<PrintStats>('print_stats').noteStart();
  }

  private async cmdCancel(): Promise<void> {
    const card = this.sdcard();
    if (card) card.cancel();
    else this.printer.lookupObject<PrintStats>('print_stats').noteEnd('cancelled');
    this.isPaused = false;
  }

  getStatus(): Record<string, unknown> {
    return { is_paused: this.isPaused };
  }
}

export const pauseResumePlugin = definePrinterPlugin({
  description: 'Pause, resume and cancel prints',
  loadConfig: (config) => new PauseResume(config),
});
