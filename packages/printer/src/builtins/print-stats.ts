import { definePrinterPlugin } from '../plugin/define.js';
import type { Printer } from '../printer/printer.js';

export type PrintState = 'standby' | 'printing' | 'paused' | 'complete' | 'cancelled' | 'error';

/** `print_stats`: the job's state, file and durations (what every frontend's status panel shows). */
export class PrintStats {
  filename = '';
  state: PrintState = 'standby';
  message = '';
  private start = 0;
  private pausedAt = 0;
  private pausedTotal = 0;
  private endTime = 0;
  filamentUsed = 0;
  private lastE = 0;
  info: { total_layer: number | null; current_layer: number | null } = {
    total_layer: null,
    current_layer: null,
  };

  constructor(private readonly printer: Printer) {
    printer.gcode.registerCommand(
      'SET_PRINT_STATS_INFO',
      (gcmd) => {
        const total = gcmd.getInt('TOTAL_LAYER', null, { minval: 0 });
        const current = gcmd.getInt('CURRENT_LAYER', null, { minval: 0 });
        if (total !== null) this.info = { total_layer: total, current_layer: 0 };
        if (current !== null) this.info = { ...this.info, current_layer: current };
      },
      { desc: 'Pass slicer info like layer act and total to klipper' },
    );
  }

  private now(): number {
    return this.printer.reactor.monotonic();
  }

  private gcodeE(): number {
    const move = this.printer.statusOf('gcode_move') as { position?: number[] } | undefined;
    return move?.position?.[3] ?? 0;
  }

  setCurrentFile(filename: string): void {
    this.reset();
    this.filename = filename;
  }

  noteStart(): void {
    const now = this.now();
    if (this.state === 'paused') this.pausedTotal += now - this.pausedAt;
    else {
      this.start = now;
      this.lastE = this.gcodeE();
    }
    this.state = 'printing';
    this.message = '';
    this.changed();
  }

  /** Tell listeners (the API's job history) about every state change, as it happens. */
  private changed(): void {
    this.printer.sendEvent('print_stats:state', this.state);
  }

  notePause(): void {
    if (this.state !== 'printing') return;
    this.updateFilament();
    this.pausedAt = this.now();
    this.state = 'paused';
    this.changed();
  }

  noteEnd(state: 'complete' | 'cancelled' | 'error', message = ''): void {
    this.updateFilament();
    if (this.state === 'paused') this.pausedTotal += this.now() - this.pausedAt;
    this.endTime = this.now();
    this.state = state;
    this.message = message;
    this.changed();
  }

  reset(): void {
    Object.assign(this, {
      filename: '',
      state: 'standby',
      message: '',
      start: 0,
      pausedTotal: 0,
      endTime: 0,
      filamentUsed: 0,
    });
    this.info = { total_layer: null, current_layer: null };
  }

  private updateFilament(): void {
    const e = this.gcodeE();
    if (e > this.lastE) this.filamentUsed += e - this.lastE;
    this.lastE = e;
  }

  getStatus(eventtime: number): Record<string, unknown> {
    if (this.state === 'printing') this.updateFilament();
    const end =
      this.state === 'printing' ? eventtime : this.state === 'paused' ? this.pausedAt : this.endTime;
    const total = this.start ? Math.max(0, end - this.start) : 0;
    return {
      filename: this.filename,
      total_duration: total,
      print_duration: Math.max(0, total - this.pausedTotal),
      filament_used: this.filamentUsed,
      state: this.state,
      message: this.message,
      info: this.info,
    };
  }
}

export const printStatsPlugin = definePrinterPlugin({
  description: 'Print job statistics',
  loadConfig: (config) => new PrintStats(config.getPrinter()),
});
