import { configError, detailOf, isPrinterError } from '../errors.js';
import { GCodeCommand } from './command.js';
import { parseExtendedParams } from './extended.js';
import { keepStringPrototypeFast } from './fast-strings.js';
import { isTraditional } from './tokenize.js';

/** A command handler; may return a promise (M109 waits for its heater). */
export type CommandHandler = (gcmd: GCodeCommand) => void | Promise<void>;

export interface RegisterCommandOptions {
  /** Also available before the printer is ready (and after a shutdown). Klipper's `when_not_ready`. */
  whenNotReady?: boolean;
  /** One line for `HELP` and `printer.gcode.help`. */
  desc?: string;
}

/** What the dispatcher needs from its printer. */
export interface DispatchHost {
  isReady(): boolean;
  stateMessage(): string;
  sendEvent(event: string, ...args: unknown[]): unknown[];
  invokeShutdown(message: string): void;
}

/** Thrown out of `runScript` when a line fails: Klipper stops a script at its first error. */
export class ScriptError extends Error {}

const VALID_EXTENDED = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Parses lines and calls the registered handler (Klipper's `GCodeDispatch`).
 * Replies go to every output listener: `// ` for information, `!! ` for errors.
 */
export class GCodeDispatch {
  private readonly readyHandlers = new Map<string, CommandHandler>();
  private readonly baseHandlers = new Map<string, CommandHandler>();
  private handlers = this.baseHandlers;
  private readonly mux = new Map<string, { key: string; values: Map<string | null, CommandHandler> }>();
  private readonly help = new Map<string, string>();
  private readonly outputs: Array<(message: string) => void> = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly responder = {
    respondInfo: (m: string) => this.respondInfo(m),
    respondRaw: (m: string) => this.respondRaw(m),
  };

  constructor(private readonly host: DispatchHost) {
    keepStringPrototypeFast();
  }

  /** Switch to the full command set (klippy:ready) or back to the early one (shutdown). */
  setReady(ready: boolean): void {
    this.handlers = ready ? this.readyHandlers : this.baseHandlers;
  }

  registerCommand(
    command: string,
    handler: CommandHandler | null,
    options: RegisterCommandOptions = {},
  ): CommandHandler | undefined {
    if (handler === null) {
      const old = this.readyHandlers.get(command);
      this.readyHandlers.delete(command);
      this.baseHandlers.delete(command);
      return old;
    }
    if (this.readyHandlers.has(command)) throw configError(`gcode command ${command} already registered`);
    let fn = handler;
    if (!isTraditional(command)) {
      if (!VALID_EXTENDED.test(command) || /\d/.test(command.charAt(1))) {
        throw configError(`Can't register '${command}' as it is an invalid name`);
      }
      fn = (gcmd) => {
        const params = parseExtendedParams(gcmd.getRawCommandParameters());
        if (!params) throw gcmd.error(`Malformed command '${gcmd.getCommandline()}'`);
        gcmd.setParameters(params);
        return handler(gcmd);
      };
    }
    this.readyHandlers.set(command, fn);
    if (options.whenNotReady) this.baseHandlers.set(command, fn);
    if (options.desc !== undefined) this.help.set(command, options.desc);
    return undefined;
  }

  /**
   * One command shared by several objects, told apart by a parameter:
   * `SET_CHAMBER_LIGHT LIGHT=top`. A `null` value is the default when the key is absent.
   */
  registerMuxCommand(
    command: string,
    key: string,
    value: string | null,
    handler: CommandHandler,
    options: { desc?: string } = {},
  ): void {
    let entry = this.mux.get(command);
    if (!entry) {
      entry = { key, values: new Map() };
      const mine = entry;
      this.registerCommand(command, (gcmd) => this.runMux(command, mine, gcmd), options);
      this.mux.set(command, entry);
    }
    if (entry.key !== key) {
      throw configError(`mux command ${command} ${key} ${value} may have only one key (${entry.key})`);
    }
    if (entry.values.has(value)) {
      throw configError(
        `mux command ${command} ${key} ${value} already registered (${[...entry.values.keys()].join(', ')})`,
      );
    }
    entry.values.set(value, handler);
  }

  private runMux(
    command: string,
    entry: { key: string; values: Map<string | null, CommandHandler> },
    gcmd: GCodeCommand,
  ) {
    const param = entry.values.has(null) ? gcmd.get(entry.key, null) : gcmd.get(entry.key);
    const handler = entry.values.get(param);
    if (!handler) {
      const keys = [...entry.values.keys()].filter((v): v is string => v !== null);
      const guess = keys.find((v) => param && v.includes(param));
      const tail = guess
        ? `. Did you mean '${guess}'?`
        : `. Options: ${keys.map((k) => `'${k}'`).join(', ')}`;
      throw gcmd.error(`The value '${param}' is not valid for ${entry.key}${tail}`);
    }
    void command;
    return handler(gcmd);
  }

  commandHelp(): Record<string, string> {
    return Object.fromEntries(this.help);
  }

  /** `gcode.commands` status: every available command with its help. */
  statusCommands(): Record<string, { help?: string }> {
    const out: Record<string, { help?: string }> = {};
    for (const command of this.handlers.keys()) {
      const help = this.help.get(command);
      out[command] = help === undefined ? {} : { help };
    }
    return out;
  }

  availableCommands(): string[] {
    return [...this.handlers.keys()].sort();
  }

  onOutput(listener: (message: string) => void): () => void {
    this.outputs.push(listener);
    return () => {
      const at = this.outputs.indexOf(listener);
      if (at >= 0) this.outputs.splice(at, 1);
    };
  }

  respondRaw(message: string): void {
    for (const out of this.outputs) out(message);
  }

  respondInfo(message: string): void {
    const lines = message
      .trim()
      .split('\n')
      .map((l) => l.trim());
    this.respondRaw(`// ${lines.join('\n// ')}`);
  }

  respondError(message: string): void {
    const lines = message.trim().split('\n');
    if (lines.length > 1) this.respondInfo(lines.join('\n'));
    this.respondRaw(`!! ${lines[0]!.trim()}`);
  }

  /**
   * Run one line. Returns a promise only when the handler is asynchronous, so
   * a stream of moves costs no microtask per line. Errors are replied with
   * `!! `; with `raise` they are also thrown (scripts stop at the first one).
   */
  runLine(raw: string, raise = false): void | Promise<void> {
    const gcmd = GCodeCommand.fromLine(raw, this.responder);
    const command = gcmd.getCommand();
    const handler = this.handlers.get(command);
    let result: void | Promise<void>;
    // One try per line, not per script: a throwing handler must not cost the lines after it their replies.
    try {
      result = handler === undefined ? this.unknown(gcmd) : handler(gcmd);
    } catch (error) {
      return this.failed(command, error, raise);
    }
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
      return (result as Promise<void>).catch((error) => this.failed(command, error, raise));
    }
    return undefined;
  }

  private failed(command: string, error: unknown, raise: boolean): void {
    if (isPrinterError(error)) {
      this.respondError(error.detail);
      this.host.sendEvent('gcode:command_error');
    } else {
      // A handler bug, not a user error: Klipper shuts the printer down so nothing moves unexpectedly.
      const message = `Internal error on command:"${command}"`;
      this.host.invokeShutdown(message);
      this.respondError(message);
      if (error instanceof Error) this.respondInfo(`${error.message}`);
    }
    if (raise) throw new ScriptError(detailOf(error), { cause: error });
  }

  /**
   * Lines of a script, in order, one script at a time (Klipper's G-code
   * mutex); stops at the first error. `guard` is checked when the script's
   * turn comes: false skips it (the sdcard stops without running a stale line).
   * Resolves to whether the script ran.
   */
  runScript(script: string, guard?: () => boolean): Promise<boolean> {
    const run = async () => {
      if (guard && !guard()) return false;
      for (const line of script.split('\n')) {
        const pending = this.runLine(line, true);
        if (pending) await pending;
      }
      return true;
    };
    const next = this.queue.then(run, run);
    this.queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Run lines from inside a running command (a macro): no mutex, errors thrown to the caller. */
  async runScriptFromCommand(script: string): Promise<void> {
    for (const line of script.split('\n')) {
      const gcmd = GCodeCommand.fromLine(line, this.responder);
      const handler = this.handlers.get(gcmd.getCommand());
      const result = handler === undefined ? this.unknown(gcmd) : handler(gcmd);
      if (result) await result;
    }
  }

  private unknown(gcmd: GCodeCommand): void | Promise<void> {
    const command = gcmd.getCommand();
    if (command === 'M105') return gcmd.respondRaw('ok T:0');
    if (command === 'M21') return;
    if (!this.host.isReady()) throw gcmd.error(this.host.stateMessage());
    if (!command) return;
    if (command.includes(' ')) {
      // M117/M118/M23 carry free text that the letter split breaks apart.
      const real = command.split(/\s/, 1)[0]!;
      const handler = ['M117', 'M118', 'M23'].includes(real) ? this.handlers.get(real) : undefined;
      if (handler) {
        gcmd.setCommand(real);
        return handler(gcmd);
      }
    } else if ((command === 'M140' || command === 'M104') && !gcmd.getFloat('S', 0)) {
      return;
    } else if (command === 'M107' || (command === 'M106' && !gcmd.getFloat('S', 1))) {
      return;
    }
    gcmd.respondInfo(`Unknown command:"${command}"`);
  }
}
