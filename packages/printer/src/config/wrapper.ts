import { PrinterError, PrinterErrorCodes } from '../errors.js';
import type { FileConfig } from './fileconfig.js';

/** Bounds Klipper's getters accept; any bound broken is a config error in Klipper's wording. */
export interface NumberBounds {
  minval?: number;
  maxval?: number;
  above?: number;
  below?: number;
}

export interface ListOptions {
  sep?: string;
  /** Exact number of elements required. */
  count?: number;
}

/** Which options objects read, with the value they got (Klipper's access tracking → `configfile.settings`). */
export type AccessTracking = Map<string, { section: string; option: string; value: unknown }>;

/** The printer a wrapper belongs to, as seen from config code (kept structural to avoid an import cycle). */
export interface ConfigOwner {
  deprecate(section: string, option: string, value?: string): void;
}

const trackKey = (section: string, option: string) => `${section.toLowerCase()}\u0000${option.toLowerCase()}`;

/** Python's `int()` on a config string: optional sign, decimal digits, `_` between digits. */
function parseIntStrict(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(t)) throw new Error('not an int');
  return Number.parseInt(t.replaceAll('_', ''), 10);
}

/** Python's `float()`: decimal or exponent forms, `inf`, `nan`; never hex or empty. */
function parseFloatStrict(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return Number.NaN;
  if (!/^[+-]?((\d+(_\d+)*)?\.?\d+(_\d+)*|\d+(_\d+)*\.)(e[+-]?\d+)?$/.test(t)) throw new Error('not a float');
  return Number(t.replaceAll('_', ''));
}

/** configparser's booleans. */
const BOOLEANS: Record<string, boolean> = {
  '1': true,
  yes: true,
  true: true,
  on: true,
  '0': false,
  no: false,
  false: false,
  off: false,
};
function parseBool(text: string): boolean {
  const value = BOOLEANS[text.toLowerCase()];
  if (value === undefined) throw new Error('not a boolean');
  return value;
}

/**
 * One section of the config, as a plugin's `loadConfig` receives it: Klipper's
 * ConfigWrapper. A getter with no default (`undefined`) makes the option
 * required; `null` is a valid default ("absent"). Every option read is
 * tracked so that the unused-option check can name those nobody read.
 */
export class ConfigWrapper<P = unknown> {
  constructor(
    private readonly printer: P & ConfigOwner,
    readonly fileconfig: FileConfig,
    private readonly tracking: AccessTracking,
    private readonly section: string,
  ) {}

  getPrinter(): P {
    return this.printer;
  }

  getName(): string {
    return this.section;
  }

  /** A config error about this section, pointing at the option's file:line when known. */
  error(detail: string, option?: string): PrinterError {
    return this.fail(PrinterErrorCodes.CONFIG, detail, option);
  }

  private fail(code: PrinterError['code'], detail: string, option?: string, cause?: unknown): PrinterError {
    const at = option ? this.fileconfig.entry(this.section, option) : undefined;
    const src = at ?? this.fileconfig.sectionSource(this.section);
    return new PrinterError(code as never, detail, {
      file: src?.file,
      line: src?.line,
      section: this.section,
      cause,
    });
  }

  private read<T>(
    option: string,
    fallback: T | null | undefined,
    parser: (raw: string) => T,
    bounds: NumberBounds = {},
    noteValid = true,
  ): T | null {
    const raw = this.fileconfig.get(this.section, option);
    if (raw === undefined) {
      if (fallback === undefined) {
        throw this.fail(
          PrinterErrorCodes.OPTION_MISSING,
          `Option '${option}' in section '${this.section}' must be specified`,
        );
      }
      if (noteValid && fallback !== null) this.note(option, fallback);
      return fallback;
    }
    let value: T;
    try {
      value = parser(raw);
    } catch (cause) {
      if (cause instanceof PrinterError) throw cause;
      throw this.fail(
        PrinterErrorCodes.OPTION_INVALID,
        `Unable to parse option '${option}' in section '${this.section}'`,
        option,
        cause,
      );
    }
    if (noteValid) this.note(option, value);
    const n = value as unknown as number;
    const range = (what: string, bound: number) =>
      this.fail(
        PrinterErrorCodes.OPTION_RANGE,
        `Option '${option}' in section '${this.section}' must ${what} ${bound}`,
        option,
      );
    if (bounds.minval !== undefined && n < bounds.minval) throw range('have minimum of', bounds.minval);
    if (bounds.maxval !== undefined && n > bounds.maxval) throw range('have maximum of', bounds.maxval);
    if (bounds.above !== undefined && n <= bounds.above) throw range('be above', bounds.above);
    if (bounds.below !== undefined && n >= bounds.below) throw range('be below', bounds.below);
    return value;
  }

  private note(option: string, value: unknown): void {
    this.tracking.set(trackKey(this.section, option), {
      section: this.section.toLowerCase(),
      option: option.toLowerCase(),
      value,
    });
  }

  get(option: string): string;
  get<D extends string | null>(option: string, fallback: D, noteValid?: boolean): string | D;
  get(option: string, fallback?: string | null, noteValid = true): string | null {
    return this.read(option, fallback, (raw) => raw, {}, noteValid);
  }

  getInt(option: string): number;
  getInt<D extends number | null | undefined>(
    option: string,
    fallback: D,
    bounds?: NumberBounds,
  ): number | Exclude<D, undefined>;
  getInt(option: string, fallback?: number | null, bounds: NumberBounds = {}): number | null {
    return this.read(option, fallback, parseIntStrict, bounds);
  }

  getFloat(option: string): number;
  getFloat<D extends number | null | undefined>(
    option: string,
    fallback: D,
    bounds?: NumberBounds,
  ): number | Exclude<D, undefined>;
  getFloat(option: string, fallback?: number | null, bounds: NumberBounds = {}): number | null {
    return this.read(option, fallback, parseFloatStrict, bounds);
  }

  getBoolean(option: string): boolean;
  getBoolean<D extends boolean | null>(option: string, fallback: D): boolean | D;
  getBoolean(option: string, fallback?: boolean | null): boolean | null {
    return this.read(option, fallback, parseBool);
  }

  /** One of `choices` (a list, or a map from the written word to the value returned). */
  getChoice<V>(
    option: string,
    choices: readonly string[] | Record<string, V>,
    fallback?: string | null,
  ): V | string {
    const map: Record<string, V | string> = Array.isArray(choices)
      ? Object.fromEntries(choices.map((c) => [c, c]))
      : (choices as Record<string, V>);
    const chosen = this.get(option, fallback as string);
    if (chosen === null || !Object.hasOwn(map, chosen)) {
      throw this.fail(
        PrinterErrorCodes.OPTION_INVALID,
        `Choice '${chosen}' for option '${option}' in section '${this.section}' is not a valid choice`,
        option,
      );
    }
    return map[chosen]!;
  }

  /** Nested lists: `seps[0]` splits the innermost level (Klipper's `getlists`, e.g. seps `[',', '\n']`). */
  getLists<T = string>(
    option: string,
    fallback?: unknown,
    options: { seps?: string[]; count?: number; parser?: (part: string) => T } = {},
  ): unknown[] {
    const seps = options.seps ?? [','];
    const parser = options.parser ?? ((p: string) => p as unknown as T);
    const split = (value: string, pos: number): unknown[] => {
      const parts = value.trim().length === 0 ? [] : value.split(seps[pos]!).map((p) => p.trim());
      if (pos > 0) return parts.filter((p) => p).map((p) => split(p, pos - 1));
      const out = parts.map(parser);
      if (options.count !== undefined && out.length !== options.count) {
        throw this.fail(
          PrinterErrorCodes.OPTION_INVALID,
          `Option '${option}' in section '${this.section}' must have ${options.count} elements`,
          option,
        );
      }
      return out;
    };
    return this.read(option, fallback as unknown[] | undefined, (raw) =>
      split(raw, seps.length - 1),
    ) as unknown[];
  }

  getList(option: string, fallback?: string[] | null, options: ListOptions = {}): string[] {
    return this.getLists<string>(option, fallback, {
      seps: [options.sep ?? ','],
      ...(options.count === undefined ? {} : { count: options.count }),
    }) as string[];
  }

  getIntList(option: string, fallback?: number[] | null, options: ListOptions = {}): number[] {
    return this.getLists(option, fallback, {
      seps: [options.sep ?? ','],
      parser: parseIntStrict,
      ...(options.count === undefined ? {} : { count: options.count }),
    }) as number[];
  }

  getFloatList(option: string, fallback?: number[] | null, options: ListOptions = {}): number[] {
    return this.getLists(option, fallback, {
      seps: [options.sep ?? ','],
      parser: parseFloatStrict,
      ...(options.count === undefined ? {} : { count: options.count }),
    }) as number[];
  }

  getSection(section: string): ConfigWrapper<P> {
    return new ConfigWrapper(this.printer, this.fileconfig, this.tracking, section);
  }

  hasSection(section: string): boolean {
    return this.fileconfig.hasSection(section);
  }

  /** Sections whose name starts with `prefix` (e.g. `gcode_macro `), in file order. */
  getPrefixSections(prefix: string): ConfigWrapper<P>[] {
    return this.fileconfig
      .sections()
      .filter((s) => s.startsWith(prefix))
      .map((s) => this.getSection(s));
  }

  /** Options of this section whose name starts with `prefix` (e.g. `variable_`). */
  getPrefixOptions(prefix: string): string[] {
    return this.fileconfig.options(this.section).filter((o) => o.startsWith(prefix));
  }

  /**
   * Mark every option of this section nobody has read yet as used (with its
   * text). The virtual printer does this for hardware options it cannot act on.
   */
  acceptRemaining(): void {
    for (const option of this.fileconfig.options(this.section)) {
      const key = trackKey(this.section, option);
      if (!this.tracking.has(key)) this.note(option, this.fileconfig.get(this.section, option));
    }
  }

  /** Record that `option` (or one of its values) is deprecated; shown in `configfile.warnings`. */
  deprecate(option: string, value?: string): void {
    if (!this.fileconfig.hasOption(this.section, option)) return;
    this.printer.deprecate(this.section, option, value);
  }
}
