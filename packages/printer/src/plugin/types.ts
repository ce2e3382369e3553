import type { ConfigWrapper } from '../config/wrapper.js';
import type { Printer } from '../printer/printer.js';

/** What every printer object may offer: status read by macros (`printer.<name>`) and the API. */
export interface PrinterObject {
  /** Status at `eventtime` (seconds on the printer's clock); plain JSON-able values. */
  getStatus?(eventtime: number): Record<string, unknown>;
}

/** The ConfigWrapper a plugin receives: one `[section]` of printer.cfg, bound to the printer. */
export type PrinterConfig = ConfigWrapper<Printer>;

/**
 * A printer plugin, as `definePrinterPlugin` returns it (Klipper's
 * `load_config` / `load_config_prefix` module functions). `loadConfig` builds
 * the object for a plain `[name]` section; `loadConfigPrefix` for each named
 * `[name other words]` section. Either may return nothing when the plugin
 * only registers commands or adds objects itself.
 */
export interface PrinterPlugin<O extends object = PrinterObject> {
  readonly kind: 'printer-plugin';
  /** One line shown by frontends when the package has no README. */
  readonly description?: string | undefined;
  loadConfig?(config: PrinterConfig): O | undefined;
  loadConfigPrefix?(config: PrinterConfig): O | undefined;
}

export interface PrinterPluginOptions<O extends object> {
  description?: string;
  loadConfig?(config: PrinterConfig): O | undefined;
  loadConfigPrefix?(config: PrinterConfig): O | undefined;
}
