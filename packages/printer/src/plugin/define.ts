import { PrinterError, PrinterErrorCodes } from '../errors.js';
import type { PrinterPlugin, PrinterPluginOptions } from './types.js';

/**
 * Define a printer plugin: the export an entry point (`plugboard.entryPoints.printer.<section>`)
 * points at. Checked at definition time, so a plugin that handles no section fails in its own tests.
 */
export function definePrinterPlugin<O extends object>(options: PrinterPluginOptions<O>): PrinterPlugin<O> {
  if (typeof options.loadConfig !== 'function' && typeof options.loadConfigPrefix !== 'function') {
    throw new PrinterError(
      PrinterErrorCodes.PLUGIN_INVALID,
      'definePrinterPlugin() needs loadConfig (for [name]) or loadConfigPrefix (for [name other]), or both',
      { hint: 'Add the function that builds your object from its config section' },
    );
  }
  return Object.freeze({ kind: 'printer-plugin' as const, ...options });
}

/** The shape check the host kit runs on every loaded entry point. */
export function printerPluginGuard(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'expected the object definePrinterPlugin() returns';
  const v = value as Record<string, unknown>;
  if (typeof v.loadConfig !== 'function' && typeof v.loadConfigPrefix !== 'function') {
    return 'expected an object with loadConfig or loadConfigPrefix (use definePrinterPlugin())';
  }
  return undefined;
}
