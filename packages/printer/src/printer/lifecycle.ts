import type { HostDiscovery } from '@plugboard/core';
import { type PrinterPluginMeta, printerHost } from '../plugin/host.js';
import type { PrinterPlugin } from '../plugin/types.js';
import type { BootPlan } from './boot.js';
import type { Printer } from './printer.js';

export interface PrinterPhases {
  /** After every section's object is built, before `klippy:connect` (the unused-options check). */
  afterLoad: () => void | Promise<void>;
  /** After every unit's `klippy:connect`, before the first `klippy:ready`. */
  afterStart: () => void | Promise<void>;
}

/**
 * Lifecycle over the planned units, in the kit's phased order, which is
 * Klipper's: every section's object is built (load), then `klippy:connect` goes
 * to every unit (start), then `klippy:ready` (enable). Shutdown is `disable`,
 * RESTART is `stop` (`klippy:disconnect`). A hook's own error is kept in
 * `failures` so the state message shows it, not the kit's wrapper.
 */
export function printerHostLifecycle(
  found: HostDiscovery<PrinterPlugin, PrinterPluginMeta>,
  plan: BootPlan,
  printer: Printer,
  failures: Map<string, unknown>,
  phases: PrinterPhases,
) {
  const event =
    (name: string) =>
    async ({ id }: { id: string }) => {
      try {
        await printer.sendEventFor(id, name);
      } catch (error) {
        failures.set(id, error);
        throw error;
      }
    };
  return printerHost.lifecycle<{ id: string }>(found, {
    only: plan.units,
    phased: true,
    policy: 'abort',
    afterLoad: phases.afterLoad,
    afterStart: phases.afterStart,
    create: (_value, plugin) => {
      const sections = plan.sections.get(plugin.name) ?? [plugin.name];
      try {
        printer.withOwner(plugin.name, () => {
          for (const section of sections) printer.loadObject(printer.configFor(section), section);
        });
      } catch (error) {
        failures.set(plugin.name, error);
        throw error;
      }
      return { id: plugin.name };
    },
    hooks: {
      start: event('klippy:connect'),
      enable: event('klippy:ready'),
      disable: ({ id }) => printer.sendEventFor(id, 'klippy:shutdown'),
      stop: ({ id }) => printer.sendEventFor(id, 'klippy:disconnect'),
    },
  });
}
