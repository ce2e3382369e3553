import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import type { GCodeCommand } from '../gcode/command.js';
import { loadTemplate } from '../macro/environment.js';
import type { GCodeTemplate } from '../macro/template.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrinterConfig } from '../plugin/types.js';
import type { Printer } from '../printer/printer.js';
import type { PrintStats } from './print-stats.js';
import type { Toolhead } from './toolhead.js';

/** Queued motion the card keeps ahead of the toolhead, in seconds (Klipper keeps a few). */
const LOOKAHEAD = 1;

/** `[virtual_sdcard]`: prints a .gcode file from a folder, line by line, through the dispatcher. */
export class VirtualSdcard {
  readonly path: string;
  private readonly printer: Printer;
  private file: { name: string; lines: string[]; size: number; offsets: number[] } | undefined;
  private line = 0;
  private active = false;
  private mustPause = false;
  private cancelled = false;
  private work: Promise<void> | undefined;
  private readonly onError: GCodeTemplate;

  constructor(config: PrinterConfig) {
    this.printer = config.getPrinter();
    const raw = config.get('path').replace(/^~(?=$|\/)/, homedir());
    // A relative path is taken from printer.cfg's folder (Klipper uses its working directory).
    this.path = normalize(isAbsolute(raw) ? raw : resolve(dirname(this.printer.startArgs.configFile), raw));
    this.onError = loadTemplate(config, 'on_error_gcode', '');
    const g = this.printer.gcode;
    g.registerCommand('SDCARD_PRINT_FILE', (gcmd) => this.cmdPrintFile(gcmd), {
      desc: 'Loads a SD file and starts the print.  May include files in subdirectories.',
    });
    g.registerCommand(
      'SDCARD_RESET_FILE',
      (gcmd) => {
        if (this.active) throw gcmd.error('SD busy');
        this.reset();
      },
      { desc: 'Clears a loaded SD File. Stops the print if necessary' },
    );
    g.registerCommand('M20', (gcmd) => {
      gcmd.respondRaw('Begin file list');
      for (const [name, size] of this.files()) gcmd.respondRaw(`${name} ${size}`);
      gcmd.respondRaw('End file list');
    });
    g.registerCommand('M21', (gcmd) => gcmd.respondRaw('SD card ok'));
    g.registerCommand('M23', (gcmd) => {
      if (this.active) throw gcmd.error('SD busy');
      this.load(gcmd, gcmd.getRawCommandParameters().trim().replace(/^\//, ''));
    });
    g.registerCommand('M24', () => this.resume());
    g.registerCommand('M25', () => this.pause());
    g.registerCommand('M26', (gcmd) => {
      if (this.active) throw gcmd.error('SD busy');
      const pos = gcmd.getInt('S', undefined, { minval: 0 });
      this.line = this.file ? this.file.offsets.findIndex((o) => o >= pos) : 0;
    });
    g.registerCommand('M27', (gcmd) => {
      if (!this.file) return gcmd.respondRaw('Not SD printing.');
      gcmd.respondRaw(`SD printing byte ${this.position()}/${this.file.size}`);
    });
    this.printer.registerEventHandler('klippy:shutdown', () => {
      if (this.active) this.mustPause = true;
    });
  }

  private stats(): PrintStats {
    return this.printer.lookupObject<PrintStats>('print_stats');
  }

  /** `[name, size]` of every .gcode file under the card's folder. */
  files(dir = this.path): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return out;
    }
    for (const name of names) {
      const full = join(dir, name);
      const st = statSync(full, { throwIfNoEntry: false });
      if (st?.isDirectory()) out.push(...this.files(full));
      else if (st && /\.(gcode|g|gco)$/i.test(name)) out.push([relative(this.path, full), st.size]);
    }
    return out;
  }

  get isActive(): boolean {
    return this.active;
  }

  private load(gcmd: GCodeCommand, filename: string): void {
    const full = resolve(this.path, filename);
    if (relative(this.path, full).startsWith('..')) throw gcmd.error(`Unable to open file`);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch {
      throw gcmd.error('Unable to open file');
    }
    const lines = text.split('\n');
    const offsets: number[] = [];
    let at = 0;
    for (const l of lines) {
      offsets.push(at);
      at += Buffer.byteLength(l) + 1;
    }
    this.file = { name: filename, lines, size: Buffer.byteLength(text), offsets };
    this.line = 0;
    this.stats().setCurrentFile(filename);
    gcmd.respondRaw(`File opened:${filename} Size:${this.file.size}`);
    gcmd.respondRaw('File selected');
  }

  private cmdPrintFile(gcmd: GCodeCommand): void {
    if (this.active) throw gcmd.error('SD busy');
    this.reset();
    this.load(gcmd, gcmd.get('FILENAME').replace(/^\//, ''));
    this.resume();
  }

  private position(): number {
    return this.file ? (this.file.offsets[this.line] ?? this.file.size) : 0;
  }

  resume(): void {
    if (!this.file) return;
    this.mustPause = false;
    this.cancelled = false;
    this.stats().noteStart();
    // Paused while its next line waited for its turn: the loop simply goes on.
    if (this.active) return;
    this.active = true;
    this.work = this.runWork();
  }

  /**
   * Stop reading before the next line (PAUSE, M25). Never waits for the loop:
   * the command asking is itself holding the G-code queue the loop waits on.
   */
  pause(): void {
    if (!this.active || this.mustPause) return;
    this.mustPause = true;
    this.stats().notePause();
  }

  /** Resolves when the print loop has stopped (for tests and shutdown). */
  idle(): Promise<void> {
    return this.work ?? Promise.resolve();
  }

  reset(): void {
    this.file = undefined;
    this.line = 0;
    this.stats().reset();
  }

  cancel(): void {
    if (this.active) this.mustPause = true;
    this.cancelled = true;
    if (this.file) this.stats().noteEnd('cancelled');
    this.file = undefined;
    this.line = 0;
  }

  private async runWork(): Promise<void> {
    const toolhead = this.printer.lookupObject<Toolhead>('toolhead');
    let error: string | undefined;
    for (;;) {
      const file = this.file;
      if (this.mustPause || !file || this.line >= file.lines.length) break;
      const text = file.lines[this.line]!;
      try {
        const ran = await this.printer.gcode.runScript(text, () => !this.mustPause && this.file === file);
        if (!ran) continue;
      } catch (e) {
        error = (e as Error).message;
        break;
      }
      this.line++;
      const ahead = toolhead.pending();
      // Keep about a second of moves queued, like Klipper's lookahead; yield either way.
      if (ahead > LOOKAHEAD) await this.printer.reactor.pause(ahead - LOOKAHEAD / 2);
      else if (this.line % 64 === 0) await new Promise((r) => setImmediate(r));
    }
    this.active = false;
    if (this.cancelled || this.mustPause) return;
    if (error !== undefined) {
      this.stats().noteEnd('error', error);
      await this.printer.gcode.runScript(this.onError.render()).catch(() => undefined);
    } else {
      await toolhead.waitMoves();
      if (this.file) this.stats().noteEnd('complete');
    }
  }

  getStatus(): Record<string, unknown> {
    const size = this.file?.size ?? 0;
    const pos = this.position();
    return {
      file_path: this.file ? join(this.path, this.file.name) : null,
      progress: size ? Math.round((pos / size) * 10000) / 10000 : 0,
      is_active: this.active,
      file_position: pos,
      file_size: size,
    };
  }
}

export const virtualSdcardPlugin = definePrinterPlugin({
  description: 'Prints G-code files from a folder',
  loadConfig: (config) => new VirtualSdcard(config),
});
