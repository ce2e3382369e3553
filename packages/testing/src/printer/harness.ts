import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreatePrinterFn, HarnessPrinterHost } from './types.js';

export interface PrinterHarnessOptions {
  /** `createPrinter` from @plugboard/printer. */
  createPrinter: CreatePrinterFn;
  /** printer.cfg text. */
  config: string;
  /** Plugins by section word (your plugin under test). */
  plugins?: Record<string, unknown>;
  /** Other files beside printer.cfg (includes, gcodes/…). */
  files?: Record<string, string>;
  /** Simulated time speed-up (default 1000: heating and moves finish at once). */
  speed?: number;
  unusedOptions?: 'error' | 'warn';
}

/** A virtual printer started for one test, like Fastify's `inject`: run G-code, read status, close. */
export interface PrinterHarness {
  host: HarnessPrinterHost;
  /** Config folder (printer.cfg and `files` are in it). */
  dir: string;
  /** Printer state after start: `ready`, or `error` with `stateMessage`. */
  state: string;
  stateMessage: string;
  /** Run G-code; resolves with every console line it printed, errors (`!! …`) included. */
  run(script: string): Promise<string[]>;
  /** Like `run`, and also says whether the script stopped at an error. */
  runChecked(script: string): Promise<{ output: string[]; failed: boolean }>;
  status(name: string): Record<string, unknown> | undefined;
  close(): Promise<void>;
}

/** Write the files to a temp folder and start a virtual printer on them. */
export async function startPrinterHarness(options: PrinterHarnessOptions): Promise<PrinterHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-printer-test-'));
  for (const [name, text] of Object.entries({ 'printer.cfg': options.config, ...options.files })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const host = options.createPrinter({
    config: join(dir, 'printer.cfg'),
    plugins: options.plugins ?? {},
    pluginsDir: false,
    speed: options.speed ?? 1000,
    ...(options.unusedOptions ? { unusedOptions: options.unusedOptions } : {}),
  });
  await host.start();
  const runChecked = async (script: string) => {
    const output: string[] = [];
    const off = host.onOutput((line) => output.push(line));
    let failed = false;
    try {
      await host.printer.gcode.runScript(script);
    } catch {
      failed = true;
    } finally {
      await host.settled?.();
      off();
    }
    return { output, failed };
  };
  return {
    host,
    dir,
    state: host.state,
    stateMessage: host.printer.stateMessage,
    runChecked,
    run: async (script) => (await runChecked(script)).output,
    status: (name) => host.printer.statusOf(name),
    async close() {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
