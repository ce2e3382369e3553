import type { FileConfig } from '../config/fileconfig.js';
import { type AccessTracking, ConfigWrapper } from '../config/wrapper.js';
import { configError, PrinterError, PrinterErrorCodes } from '../errors.js';
import { GCodeDispatch } from '../gcode/dispatch.js';
import type { PrinterObject, PrinterPlugin } from '../plugin/types.js';
import { moduleOf } from './module-name.js';
import { Reactor } from './reactor.js';

export type PrinterState = 'startup' | 'ready' | 'error' | 'shutdown';
export type EventHandler = (...args: never[]) => unknown;

/** Klipper's advice after a config error, shown in the state message. */
export const MESSAGE_RESTART =
  'Once the underlying issue is corrected, use the "RESTART"\ncommand to reload the config and restart the host software.\nPrinter is halted';
const MESSAGE_SHUTDOWN =
  'Once the underlying issue is corrected, use the\n"FIRMWARE_RESTART" command to reset the firmware, reload the\nconfig, and restart the host software.\nPrinter is shutdown';

export interface ConfigWarning {
  type: string;
  message: string;
  section?: string;
  option?: string;
  value?: string;
}

/** The modules a printer can build objects from, by entry name, with who provides them. */
export interface ModuleTable {
  get(name: string): { plugin: PrinterPlugin; owner: string } | undefined;
}

export interface PrinterStartArgs {
  configFile: string;
  softwareVersion: string;
  hostname: string;
}

/**
 * One run of the virtual printer (Klipper's `Printer`): the objects loaded
 * from the config, event handlers, the G-code dispatcher and the state. A
 * RESTART builds a new Printer from a freshly read config.
 */
export class Printer {
  readonly reactor: Reactor;
  readonly gcode: GCodeDispatch;
  private readonly objects = new Map<string, unknown>();
  private readonly handlers = new Map<string, Array<{ owner: string; fn: EventHandler }>>();
  private currentState: PrinterState = 'startup';
  private message = 'Printer is not ready';
  /** Which unit (entry name) is building objects right now: handlers registered meanwhile are its own. */
  private owner = 'klippy';
  readonly warnings: ConfigWarning[] = [];
  readonly tracking: AccessTracking = new Map();
  fileconfig: FileConfig | undefined;
  modules: ModuleTable = { get: () => undefined };
  /** Set by RESTART / FIRMWARE_RESTART / SAVE_CONFIG: the host rebuilds the printer. */
  onRestartRequest: (kind: 'restart' | 'firmware_restart') => void = () => undefined;
  /** Called whenever the state changes (the API turns it into notify_klippy_*). */
  onStateChange: (state: PrinterState, message: string) => void = () => undefined;

  constructor(
    readonly startArgs: PrinterStartArgs,
    options: { speed?: number } = {},
  ) {
    this.reactor = new Reactor(options.speed ?? 1);
    this.gcode = new GCodeDispatch({
      isReady: () => this.currentState === 'ready',
      stateMessage: () => this.message,
      sendEvent: (event, ...args) => this.sendEvent(event, ...args),
      invokeShutdown: (msg) => this.invokeShutdown(msg),
    });
    this.addObject('gcode', { getStatus: () => ({ commands: this.gcode.statusCommands() }) });
  }

  get state(): PrinterState {
    return this.currentState;
  }

  get stateMessage(): string {
    return this.message;
  }

  setState(state: PrinterState, message: string): void {
    this.currentState = state;
    this.message = message;
    this.gcode.setReady(state === 'ready');
    this.onStateChange(state, message);
  }

  /** Put the printer in the error state with a config error (Klipper's "Printer is halted"). */
  configFailed(error: unknown): void {
    const detail = error instanceof PrinterError ? error.detail : String((error as Error)?.message ?? error);
    this.setState('error', `${detail}\n\n${MESSAGE_RESTART}`);
  }

  configError(detail: string): PrinterError {
    return configError(detail);
  }

  /** Make a wrapper for `section` of the loaded config (what `loadConfig` receives). */
  configFor(section: string): ConfigWrapper<Printer> {
    if (!this.fileconfig)
      throw new PrinterError(PrinterErrorCodes.NOT_READY, 'the config has not been read yet');
    return new ConfigWrapper<Printer>(this, this.fileconfig, this.tracking, section);
  }

  addObject(name: string, object: unknown): void {
    if (this.objects.has(name)) throw configError(`Printer object '${name}' already created`);
    this.objects.set(name, object);
  }

  lookupObject<T = PrinterObject>(name: string): T;
  lookupObject<T = PrinterObject, D = undefined>(name: string, fallback: D): T | D;
  lookupObject(name: string, ...fallback: unknown[]): unknown {
    if (this.objects.has(name)) return this.objects.get(name);
    if (fallback.length) return fallback[0];
    throw configError(`Unknown config object '${name}'`);
  }

  /** Objects whose name is `module` or starts with `module ` (all of them when omitted). */
  lookupObjects<T = PrinterObject>(module?: string): Array<[string, T]> {
    const out: Array<[string, T]> = [];
    for (const [name, obj] of this.objects) {
      if (module === undefined || name === module || name.startsWith(`${module} `))
        out.push([name, obj as T]);
    }
    return out;
  }

  objectNames(): string[] {
    return [...this.objects.keys()];
  }

  /**
   * Build (once) the object for `section`: `loadConfig` for `[name]`,
   * `loadConfigPrefix` for `[name more words]`. With a fallback, a section no
   * module handles returns the fallback instead of failing.
   */
  loadObject<T = PrinterObject>(config: ConfigWrapper<Printer>, section: string, ...fallback: [unknown?]): T {
    if (this.objects.has(section)) return this.objects.get(section) as T;
    const words = section.split(/\s+/);
    const found = this.modules.get(moduleOf(section));
    const init = found
      ? words.length > 1
        ? found.plugin.loadConfigPrefix
        : found.plugin.loadConfig
      : undefined;
    if (!found || !init) {
      if (fallback.length) return fallback[0] as T;
      throw configError(`Unable to load module '${section}'`);
    }
    const previous = this.owner;
    this.owner = found.owner;
    try {
      const object = init.call(found.plugin, config.getSection(section));
      if (object !== undefined && !this.objects.has(section)) this.objects.set(section, object);
      return (this.objects.get(section) ?? object) as T;
    } finally {
      this.owner = previous;
    }
  }

  /** Run `fn` with handlers and objects attributed to `owner` (the lifecycle unit being created). */
  withOwner<T>(owner: string, fn: () => T): T {
    const previous = this.owner;
    this.owner = owner;
    try {
      return fn();
    } finally {
      this.owner = previous;
    }
  }

  registerEventHandler(event: string, fn: EventHandler): void {
    let list = this.handlers.get(event);
    if (!list) {
      list = [];
      this.handlers.set(event, list);
    }
    list.push({ owner: this.owner, fn });
  }

  /** Call every handler of `event` in registration order; returns their results. */
  sendEvent(event: string, ...args: unknown[]): unknown[] {
    return (this.handlers.get(event) ?? []).map((h) => (h.fn as (...a: unknown[]) => unknown)(...args));
  }

  /** Call the handlers of `event` that `owner` registered (one lifecycle unit's share of a broadcast). */
  async sendEventFor(owner: string, event: string): Promise<void> {
    for (const h of this.handlers.get(event) ?? []) if (h.owner === owner) await h.fn();
  }

  /** Stop everything at once (M112, an internal error): Klipper's shutdown state. */
  invokeShutdown(reason: string): void {
    if (this.currentState === 'shutdown') return;
    const wasReady = this.currentState === 'ready';
    this.setState('shutdown', `${reason}\n${MESSAGE_SHUTDOWN}`);
    if (wasReady) this.gcode.respondInfo('Klipper state: Shutdown');
    this.onShutdown();
  }

  /** Set by the host: run `klippy:shutdown` through the lifecycle (disable). */
  onShutdown: () => void = () => undefined;

  requestRestart(kind: 'restart' | 'firmware_restart'): void {
    this.onRestartRequest(kind);
  }

  deprecate(section: string, option: string, value?: string): void {
    const message =
      value === undefined
        ? `Option '${option}' in section '${section}' is deprecated.`
        : `Value '${value}' in option '${option}' in section '${section}' is deprecated.`;
    if (this.warnings.some((w) => w.message === message)) return;
    this.warnings.push({
      type: value === undefined ? 'deprecated_option' : 'deprecated_value',
      message,
      section,
      option,
      ...(value === undefined ? {} : { value }),
    });
  }

  /** Status of `name` at now, or undefined when it has none. */
  statusOf(name: string, eventtime = this.reactor.monotonic()): Record<string, unknown> | undefined {
    const obj = this.objects.get(name) as PrinterObject | undefined;
    return obj?.getStatus?.(eventtime);
  }

  close(): void {
    this.reactor.close();
  }
}
