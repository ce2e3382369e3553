import type { VirtualPrinter } from '../printer/virtual-printer.js';

export interface GcodeStoreEntry {
  message: string;
  time: number;
  type: 'command' | 'response';
}

/** Moonraker's gcode_store: the last console lines, commands and responses, with wall-clock times. */
export class GcodeStore {
  readonly entries: GcodeStoreEntry[] = [];
  constructor(private readonly size = 1000) {}
  add(message: string, type: GcodeStoreEntry['type']): void {
    this.entries.push({ message, time: Date.now() / 1000, type });
    if (this.entries.length > this.size) this.entries.splice(0, this.entries.length - this.size);
  }
}

type Series = { temperatures: number[]; targets?: number[]; powers?: number[]; speeds?: number[] };

/** Moonraker's temperature_store: one sample a second of every heater and sensor, for the graphs. */
export class TemperatureStore {
  readonly series = new Map<string, Series>();
  constructor(
    private readonly host: VirtualPrinter,
    private readonly size = 1200,
  ) {}

  sample(): void {
    const printer = this.host.printer;
    const heaters = printer.statusOf('heaters') as { available_sensors?: string[] } | undefined;
    for (const name of heaters?.available_sensors ?? []) {
      const st = printer.statusOf(name) as
        | { temperature?: number; target?: number; power?: number }
        | undefined;
      if (!st || typeof st.temperature !== 'number') continue;
      let s = this.series.get(name);
      if (!s) {
        s = { temperatures: [] };
        if ('target' in st) s.targets = [];
        if ('power' in st) s.powers = [];
        this.series.set(name, s);
      }
      s.temperatures.push(st.temperature);
      s.targets?.push(st.target ?? 0);
      s.powers?.push(st.power ?? 0);
      for (const list of [s.temperatures, s.targets, s.powers])
        if (list && list.length > this.size) list.shift();
    }
  }

  toJSON(): Record<string, Series> {
    return Object.fromEntries(this.series);
  }
}

export interface HistoryJob {
  job_id: string;
  filename: string;
  status: string;
  start_time: number;
  end_time: number | null;
  print_duration: number;
  total_duration: number;
  filament_used: number;
  metadata: Record<string, unknown>;
  exists: boolean;
}

/** Moonraker's job history, kept from print_stats state changes (in memory; frontends read it). */
export class JobHistory {
  readonly jobs: HistoryJob[] = [];
  private current: HistoryJob | undefined;
  private counter = 0;

  observe(stats: {
    state: string;
    filename: string;
    print_duration: number;
    total_duration: number;
    filament_used: number;
  }): void {
    if (stats.state === 'printing' && !this.current) {
      this.current = {
        job_id: (++this.counter).toString(16).padStart(6, '0').toUpperCase(),
        filename: stats.filename,
        status: 'in_progress',
        start_time: Date.now() / 1000,
        end_time: null,
        print_duration: 0,
        total_duration: 0,
        filament_used: 0,
        metadata: {},
        exists: true,
      };
      this.jobs.push(this.current);
    }
    const job = this.current;
    if (!job) return;
    Object.assign(job, {
      print_duration: stats.print_duration,
      total_duration: stats.total_duration,
      filament_used: stats.filament_used,
    });
    if (['complete', 'cancelled', 'error', 'standby'].includes(stats.state)) {
      job.status =
        stats.state === 'standby' ? 'cancelled' : stats.state === 'complete' ? 'completed' : stats.state;
      job.end_time = Date.now() / 1000;
      this.current = undefined;
    }
  }

  totals() {
    const done = this.jobs;
    return {
      total_jobs: done.length,
      total_time: done.reduce((a, j) => a + j.total_duration, 0),
      total_print_time: done.reduce((a, j) => a + j.print_duration, 0),
      total_filament_used: done.reduce((a, j) => a + j.filament_used, 0),
      longest_job: Math.max(0, ...done.map((j) => j.total_duration)),
      longest_print: Math.max(0, ...done.map((j) => j.print_duration)),
    };
  }
}
