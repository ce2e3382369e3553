import { commandError, type PrinterError } from '../errors.js';
import { commandOf, letterParams, trimLine } from './tokenize.js';

/** Bounds for numeric parameters; a value outside them is an error in Klipper's wording. */
export interface ParamBounds {
  minval?: number;
  maxval?: number;
  above?: number;
  below?: number;
}

/** Where a command's replies go. */
export interface Responder {
  respondInfo(message: string): void;
  respondRaw(message: string): void;
}

/** Python's `int()` / `float()` on a parameter: no trailing garbage, no empty string. */
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
export const parseIntParam = (value: string): number => {
  if (!INT_RE.test(value)) throw new Error('not an int');
  return Number.parseInt(value, 10);
};
export const parseFloatParam = (value: string): number => {
  if (!FLOAT_RE.test(value)) {
    const t = value.toLowerCase();
    if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(t)) return Number.NaN;
    throw new Error('not a float');
  }
  return Number(value);
};

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** `line.slice(0, prefix.length).toUpperCase() === prefix` without the copies (`prefix` is upper-case). */
function startsWithUpper(line: string, prefix: string): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let c = line.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    else if (c >= 128) return line.slice(0, prefix.length).toUpperCase() === prefix;
    if (c !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * One G-code command as a handler sees it (Klipper's `GCodeCommand`). Getters
 * with no default make a parameter required; errors read
 * `Error on 'G1 X': missing X`, as Klipper's do.
 */
export class GCodeCommand {
  /** Where the letter split stops (the `;` comment); -1 once `params` is set. */
  private end = -1;

  constructor(
    private commandName: string,
    private readonly commandline: string,
    private params: Record<string, string>,
    private readonly responder: Responder,
  ) {}

  /**
   * @internal The dispatcher's hot path: the command is read from the first
   * words and the parameters are split only when a handler asks for them
   * (extended commands never need the letter split at all).
   */
  static fromLine(raw: string, responder: Responder): GCodeCommand {
    const line = trimLine(raw);
    const cut = line.indexOf(';');
    const end = cut >= 0 ? cut : line.length;
    const gcmd = new GCodeCommand(commandOf(line, end), line, EMPTY, responder);
    gcmd.end = end;
    return gcmd;
  }

  private paramsOf(): Record<string, string> {
    if (this.end >= 0) {
      this.params = letterParams(this.commandline, this.end);
      this.end = -1;
    }
    return this.params;
  }

  getCommand(): string {
    return this.commandName;
  }

  /** @internal the dispatcher renames `M117 TEXT` commands to `M117`. */
  setCommand(command: string): void {
    this.commandName = command;
  }

  getCommandline(): string {
    return this.commandline;
  }

  getCommandParameters(): Record<string, string> {
    return this.paramsOf();
  }

  /** @internal extended commands replace the traditional letter split with `KEY=value` pairs. */
  setParameters(params: Record<string, string>): void {
    this.params = params;
    this.end = -1;
  }

  /** Everything after the command word (line number and `*checksum` removed), as typed. */
  getRawCommandParameters(): string {
    const command = this.commandName;
    const orig = this.commandline;
    let start = command.length;
    let end = orig.length;
    if (!startsWithUpper(orig, command)) {
      start += orig.toUpperCase().indexOf(command);
      const star = orig.lastIndexOf('*');
      if (star >= 0 && /^\d+$/.test(orig.slice(star + 1))) end = star;
    }
    const c = orig.charCodeAt(start);
    if (c === 32 || c === 9 || (c > 9 && c <= 13) || (c > 127 && /\s/.test(orig.charAt(start)))) start++;
    return orig.slice(start, end);
  }

  respondInfo(message: string): void {
    this.responder.respondInfo(message);
  }

  respondRaw(message: string): void {
    this.responder.respondRaw(message);
  }

  /** A command error to throw; the console shows `!! <detail>`. */
  error(detail: string): PrinterError {
    return commandError(detail);
  }

  get(name: string): string;
  get<D extends string | null | undefined>(name: string, fallback: D): string | Exclude<D, undefined>;
  get(name: string, fallback?: string | null): string | null {
    const value = this.paramsOf()[name];
    if (value === undefined) {
      if (fallback === undefined) throw this.error(`Error on '${this.commandline}': missing ${name}`);
      return fallback ?? null;
    }
    return value;
  }

  private number(
    name: string,
    parse: (v: string) => number,
    hasFallback: boolean,
    fallback: number | null | undefined,
    b: ParamBounds,
  ): number | null {
    const raw = this.paramsOf()[name];
    if (raw === undefined) {
      if (!hasFallback) throw this.error(`Error on '${this.commandline}': missing ${name}`);
      return fallback ?? null;
    }
    let value: number;
    try {
      value = parse(raw);
    } catch {
      throw this.error(`Error on '${this.commandline}': unable to parse ${raw}`);
    }
    const at = `Error on '${this.commandline}': ${name} must`;
    if (b.minval !== undefined && value < b.minval) throw this.error(`${at} have minimum of ${b.minval}`);
    if (b.maxval !== undefined && value > b.maxval) throw this.error(`${at} have maximum of ${b.maxval}`);
    if (b.above !== undefined && value <= b.above) throw this.error(`${at} be above ${b.above}`);
    if (b.below !== undefined && value >= b.below) throw this.error(`${at} be below ${b.below}`);
    return value;
  }

  getInt(name: string): number;
  getInt<D extends number | null | undefined>(
    name: string,
    fallback: D,
    bounds?: ParamBounds,
  ): number | Exclude<D, undefined>;
  getInt(name: string, fallback?: number | null, bounds: ParamBounds = {}): number | null {
    return this.number(name, parseIntParam, fallback !== undefined, fallback, bounds);
  }

  getFloat(name: string): number;
  getFloat<D extends number | null | undefined>(
    name: string,
    fallback: D,
    bounds?: ParamBounds,
  ): number | Exclude<D, undefined>;
  getFloat(name: string, fallback?: number | null, bounds: ParamBounds = {}): number | null {
    return this.number(name, parseFloatParam, fallback !== undefined, fallback, bounds);
  }
}
