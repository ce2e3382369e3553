import { PlugboardError } from '@plugboard/core';

/** Stable codes of @plugboard/printer errors; match on these, never on message text. */
export const PrinterErrorCodes = {
  /** A config file could not be read. */
  CONFIG_FILE: 'PB_PRINTER_CONFIG_FILE',
  /** A line that is neither a section header, an option nor a continuation. */
  CONFIG_SYNTAX: 'PB_PRINTER_CONFIG_SYNTAX',
  /** `[include]` of a file that does not exist, or a recursive include. */
  CONFIG_INCLUDE: 'PB_PRINTER_CONFIG_INCLUDE',
  /** A required option is missing. */
  OPTION_MISSING: 'PB_PRINTER_OPTION_MISSING',
  /** An option value could not be parsed, or is not one of the choices. */
  OPTION_INVALID: 'PB_PRINTER_OPTION_INVALID',
  /** An option value is out of its range. */
  OPTION_RANGE: 'PB_PRINTER_OPTION_RANGE',
  /** An option no object read. */
  OPTION_UNUSED: 'PB_PRINTER_OPTION_UNUSED',
  /** A section no built-in or plugin handles. */
  SECTION_UNKNOWN: 'PB_PRINTER_SECTION_UNKNOWN',
  /** A SAVE_CONFIG value also set by an included file, or a corrupted autosave block. */
  AUTOSAVE: 'PB_PRINTER_AUTOSAVE',
  /** Any other configuration error raised by an object (Klipper's `config.error`). */
  CONFIG: 'PB_PRINTER_CONFIG',
  /** A plugin named like a built-in without being allowed to replace it. */
  PLUGIN_CLASH: 'PB_PRINTER_PLUGIN_CLASH',
  /** A plugin the config uses could not be imported, or was excluded by discovery. */
  PLUGIN_UNAVAILABLE: 'PB_PRINTER_PLUGIN_UNAVAILABLE',
  /** A plugin definition is malformed. */
  PLUGIN_INVALID: 'PB_PRINTER_PLUGIN_INVALID',
  /** A G-code command failed (Klipper's `gcmd.error`). */
  GCODE: 'PB_PRINTER_GCODE',
  /** A macro template failed to compile or render. */
  MACRO_TEMPLATE: 'PB_PRINTER_MACRO_TEMPLATE',
  /** The printer is not in a state that allows the request. */
  NOT_READY: 'PB_PRINTER_NOT_READY',
  /** The API server could not start. */
  API: 'PB_PRINTER_API',
} as const;

export type PrinterErrorCode = (typeof PrinterErrorCodes)[keyof typeof PrinterErrorCodes];

export interface PrinterErrorOptions {
  /** Config file the error points at. */
  file?: string | undefined;
  /** 1-based line in `file`. */
  line?: number | undefined;
  section?: string | undefined;
  /** The plugin (entry name) involved. */
  plugin?: string | undefined;
  /** The npm package involved. */
  package?: string | undefined;
  /** What to do about it; appended to the message. */
  hint?: string | undefined;
  cause?: unknown;
}

/**
 * The error class of @plugboard/printer. `detail` is the text in Klipper's own
 * wording (what G-code consoles and frontends show); `message` adds the host
 * name, the place (file:line) and what to do.
 */
export class PrinterError extends PlugboardError {
  override name = 'PrinterError';
  /** Klipper's wording, e.g. `Option 'rotation_distance' in section 'stepper_x' must be specified`. */
  readonly detail: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly section: string | undefined;

  constructor(code: PrinterErrorCode, detail: string, options: PrinterErrorOptions = {}) {
    const place = options.file ? ` (${options.file}${options.line ? `:${options.line}` : ''})` : '';
    const hint = options.hint ? `. ${options.hint}` : '';
    super(code, `@plugboard/printer: ${detail}${place}${hint}`, {
      ...(options.package ? { package: options.package } : {}),
      ...(options.plugin ? { plugin: options.plugin } : {}),
      ...(options.file ? { path: options.file } : {}),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.detail = detail;
    this.file = options.file;
    this.line = options.line;
    this.section = options.section;
  }
}

export function isPrinterError(value: unknown): value is PrinterError {
  return value instanceof PrinterError;
}

/** Klipper's `config.error(...)`: what plugins throw from `loadConfig` for a bad configuration. */
export function configError(detail: string, options: PrinterErrorOptions = {}): PrinterError {
  return new PrinterError(PrinterErrorCodes.CONFIG, detail, options);
}

/** Klipper's `gcmd.error(...)`: what a command handler throws; the console shows `!! <detail>`. */
export function commandError(detail: string, options: PrinterErrorOptions = {}): PrinterError {
  return new PrinterError(PrinterErrorCodes.GCODE, detail, options);
}

/** The text a console or the printer state shows for anything thrown. */
export function detailOf(error: unknown): string {
  if (error instanceof PrinterError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}
