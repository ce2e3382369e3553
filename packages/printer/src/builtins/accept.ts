import type { PrinterConfig } from '../plugin/types.js';

/**
 * Mark every option of a section as read. Used for the hardware options of
 * sections the virtual printer simulates (pins, drivers, sensor types): real
 * printer.cfg files carry them and the virtual printer has nothing to do with them.
 */
export function acceptRemaining(config: PrinterConfig): void {
  config.acceptRemaining();
}
