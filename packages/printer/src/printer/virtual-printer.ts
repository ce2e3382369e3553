import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DiscoverySources, HostDiscovery, HostLifecycle } from '@plugboard/core';
import { ConfigFileObject, registerEarlyCommands, webhooksObject } from '../builtins/core.js';
import { readPrinterConfig } from '../config/reader.js';
import { findUnused } from '../config/validate.js';
import { discoverPrinterPlugins, type PrinterPluginMeta, readmeSummary } from '../plugin/host.js';
import type { PrinterPlugin } from '../plugin/types.js';
import { HOST_VERSION } from '../version.js';
import { type BootPlan, planBoot, unitFailure } from './boot.js';
import { printerHostLifecycle } from './lifecycle.js';
import { Printer, type PrinterState } from './printer.js';

export interface CreatePrinterOptions {
  /** Path of printer.cfg. */
  config: string;
  /** Project directory whose dependencies are searched for plugins (default: the config's folder). */
  cwd?: string;
  /** Plugins as objects, by section word (tests, bundled apps); they beat installed ones. */
  plugins?: Record<string, PrinterPlugin>;
  /** Local plugins folder (default `<config folder>/plugins`); `false` for none. */
  pluginsDir?: string | false;
  sources?: DiscoverySources;
  /** Built-in modules installed plugins may replace (Kalico's allow_plugin_override). */
  allowOverride?: string[];
  /** Unused options and sections: `error` (default, as Klipper) or `warn`. */
  unusedOptions?: 'error' | 'warn';
  /** Section word → npm package that provides it, named when the section is unknown. */
  knownPlugins?: Record<string, string>;
  /** Simulated time runs this many times faster than the wall clock (default 1). */
  speed?: number;
  /** Discovery index (default off: printer.cfg changes are rare, scans are small). */
  cache?: boolean | string;
  hostname?: string;
}

/** One plugin as printer.info lists it (Kalico shows name, version and README summary). */
export interface PluginInfo {
  name: string;
  package: string;
  version: string;
  source: string;
  summary: string | undefined;
}

/** Plugins the examples of this repository provide; named in the unknown-section hint. */
const KNOWN_PLUGINS: Record<string, string> = {
  filament_counter: '@plugboard-examples/printer-filament-counter',
  chamber_light: '@plugboard-examples/printer-chamber-light',
};

/**
 * The virtual printer host: reads printer.cfg, finds plugins with core's host
 * kit, builds one Printer per run and rebuilds it on RESTART. Output and
 * state listeners survive restarts (the API and the console attach once).
 */
export class VirtualPrinter {
  printer: Printer;
  found: HostDiscovery<PrinterPlugin, PrinterPluginMeta> | undefined;
  private life: HostLifecycle<{ id: string }> | undefined;
  private plan: BootPlan | undefined;
  private readonly outputs = new Set<(line: string) => void>();
  private readonly stateListeners = new Set<(state: PrinterState, message: string) => void>();
  private readonly runListeners = new Set<(printer: Printer) => void>();
  private restarting: Promise<void> | undefined;
  /** The shutdown handlers still running (the kit's disable hooks are asynchronous). */
  private shuttingDown: Promise<void> | undefined;
  readonly configFile: string;
  /** What stopped the last start (a config or plugin error), with its code; undefined when ready. */
  startError: unknown;

  constructor(private readonly options: CreatePrinterOptions) {
    this.configFile = resolve(options.config);
    this.printer = this.newPrinter();
  }

  private newPrinter(): Printer {
    const printer = new Printer(
      {
        configFile: this.configFile,
        softwareVersion: `plugboard-${HOST_VERSION}`,
        hostname: this.options.hostname ?? hostname(),
      },
      { speed: this.options.speed ?? 1 },
    );
    printer.gcode.onOutput((line) => {
      for (const out of this.outputs) out(line);
    });
    printer.onStateChange = (state, message) => {
      for (const l of this.stateListeners) l(state, message);
    };
    printer.onRestartRequest = (kind) => void this.restart(kind);
    printer.onShutdown = () => {
      this.shuttingDown = this.shutdownUnits(printer).finally(() => {
        this.shuttingDown = undefined;
      });
    };
    return printer;
  }

  onOutput(listener: (line: string) => void): () => void {
    this.outputs.add(listener);
    return () => this.outputs.delete(listener);
  }

  onState(listener: (state: PrinterState, message: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called with each new Printer after a restart (status subscriptions re-attach). */
  onRun(listener: (printer: Printer) => void): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  get state(): PrinterState {
    return this.printer.state;
  }

  /** Start the printer. Never rejects for a config problem: the state becomes `error` with Klipper's message. */
  async start(): Promise<void> {
    const printer = this.printer;
    this.startError = undefined;
    registerEarlyCommands(printer);
    printer.addObject('webhooks', webhooksObject(printer));
    const configfile = new ConfigFileObject(printer);
    printer.addObject('configfile', configfile);
    try {
      const files = readPrinterConfig(this.configFile);
      for (const w of files.warnings) printer.warnings.push({ type: 'runtime_warning', message: w });
      printer.fileconfig = files.config;
      configfile.snapshot(files.config);
      const pluginsDir =
        this.options.pluginsDir === undefined
          ? join(dirname(this.configFile), 'plugins')
          : this.options.pluginsDir;
      const found = discoverPrinterPlugins({
        cwd: this.options.cwd ?? dirname(this.configFile),
        pluginsDir,
        inline: this.options.plugins ?? {},
        ...(this.options.sources ? { sources: this.options.sources } : {}),
        ...(this.options.cache !== undefined ? { cache: this.options.cache } : {}),
      });
      this.found = found;
      const plan = planBoot(files.config, found, {
        pluginsDir,
        allowOverride: this.options.allowOverride ?? [],
        knownPlugins: { ...KNOWN_PLUGINS, ...this.options.knownPlugins },
      });
      this.plan = plan;
      for (const section of plan.unsimulated) {
        printer.configFor(section).acceptRemaining();
        printer.warnings.push({
          type: 'unsimulated_section',
          message: `Section '${section}' is accepted but not simulated: the virtual printer has no such hardware`,
          section,
        });
      }
      await this.bringUp(printer, found, plan, files.autosave);
    } catch (error) {
      this.startError = error;
      printer.configFailed(error);
      await this.life?.stop();
    }
  }

  private async bringUp(
    printer: Printer,
    found: HostDiscovery<PrinterPlugin, PrinterPluginMeta>,
    plan: BootPlan,
    autosave: Parameters<typeof findUnused>[2]['autosave'],
  ): Promise<void> {
    // Import every module first so that loadObject can build any of them synchronously from any other.
    const loaded = new Map<string, PrinterPlugin>();
    await Promise.all(
      plan.units.map(async (id) => {
        const plugin = found.get(id);
        if (plugin) loaded.set(id, await plugin.load().catch(() => undefined as unknown as PrinterPlugin));
      }),
    );
    printer.modules = {
      get: (name) => {
        const plugin = loaded.get(name);
        return plugin ? { plugin, owner: name } : undefined;
      },
    };
    const failures = new Map<string, unknown>();
    /** The first unit that did not come up, as the printer error frontends see. */
    const failure = () => {
      const failed = life.report().plugins.find((p) => p.state === 'failed' || p.state === 'skipped');
      return failed && (failures.get(failed.id) ?? unitFailure(failed.id, failed.error!, found));
    };
    const life = printerHostLifecycle(found, plan, printer, failures, {
      afterLoad: async () => {
        // A plugin that could not load left its section unread: report the plugin, not the section.
        const failed = failure();
        if (failed) throw failed;
        const unused = findUnused(printer.fileconfig!, printer.tracking, {
          objects: new Set(printer.objectNames().map((n) => n.toLowerCase())),
          autosave,
        });
        if (unused.length && (this.options.unusedOptions ?? 'error') === 'error') throw unused[0];
        for (const u of unused)
          printer.warnings.push({
            type: 'unused_option',
            message: u.detail,
            ...(u.section ? { section: u.section } : {}),
          });
        // The host's own objects (webhooks, configfile) were registered first, so they connect first.
        await printer.sendEventFor('klippy', 'klippy:connect');
      },
      afterStart: () => printer.sendEventFor('klippy', 'klippy:ready'),
    });
    this.life = life;
    const report = await life.start();
    if (!report.ok) {
      const failed = failure();
      if (failed) throw failed;
    }
    printer.setState('ready', 'Printer is ready');
    printer.gcode.respondInfo('Klipper state: Ready');
  }

  private async shutdownUnits(printer: Printer): Promise<void> {
    if (printer !== this.printer || !this.life) return;
    for (const id of [...(this.plan?.units ?? [])].reverse()) {
      if (this.life.state(id) === 'enabled') await this.life.disable(id).catch(() => undefined);
    }
    await printer.sendEventFor('klippy', 'klippy:shutdown');
  }

  /** RESTART / FIRMWARE_RESTART: stop every unit (klippy:disconnect), re-read the config, start again. */
  restart(_kind: 'restart' | 'firmware_restart' = 'restart'): Promise<void> {
    this.restarting ??= (async () => {
      await this.stopRun();
      this.printer = this.newPrinter();
      for (const l of this.runListeners) l(this.printer);
      await this.start();
    })().finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  private async stopRun(): Promise<void> {
    const printer = this.printer;
    await this.life?.stop();
    await printer.sendEventFor('klippy', 'klippy:disconnect').catch(() => undefined);
    printer.close();
    this.life = undefined;
  }

  /** Wait for a restart or a shutdown in progress. */
  async settled(): Promise<void> {
    while (this.restarting || this.shuttingDown) await (this.restarting ?? this.shuttingDown);
  }

  /** Run G-code as the console does; resolves with the lines it printed. Errors are replies, never rejections. */
  async runScript(script: string): Promise<string[]> {
    const lines: string[] = [];
    const off = this.onOutput((l) => lines.push(l));
    try {
      await this.printer.gcode.runScript(script).catch(() => undefined);
      await this.shuttingDown;
    } finally {
      off();
    }
    return lines;
  }

  /** Installed plugins the config uses, for printer.info. */
  pluginInfo(): PluginInfo[] {
    const found = this.found;
    if (!found || !this.plan) return [];
    return this.plan.units
      .map((id) => found.get(id))
      .filter((p) => p !== undefined && p.source !== 'provided')
      .map((p) => ({
        name: p!.name,
        package: p!.package.name,
        version: p!.package.version,
        source: p!.source,
        summary: readmeSummary(p!.package.dir) ?? p!.meta?.description,
      }));
  }

  async close(): Promise<void> {
    await this.settled();
    await this.stopRun();
  }
}

export function createPrinter(options: CreatePrinterOptions): VirtualPrinter {
  return new VirtualPrinter(options);
}
