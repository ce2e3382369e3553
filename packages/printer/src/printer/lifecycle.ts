import type { HostDiscovery } from '@plugboard/core';
import { type PrinterPluginMeta, printerHost } from '../plugin/host.js';
import type { PrinterPlugin } from '../plugin/types.js';
import type { BootPlan } from './boot.js';
import type { Printer } from './printer.js';

/** Lifecycle over the planned units: create builds each section's object; the kit's hooks carry Klipper's events. */
export function printerHostLifecycle(
  found: HostDiscovery<PrinterPlugin, PrinterPluginMeta>,
  plan: BootPlan,
  printer: Printer,
  failures: Map<string, unknown>,
) {
  return printerHost.lifecycle<{ id: string }>(found, {
    only: plan.units,
    autoEnable: false,
    policy: 'abort',
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
      enable: ({ id }) => printer.sendEventFor(id, 'klippy:ready'),
      disable: ({ id }) => printer.sendEventFor(id, 'klippy:shutdown'),
      stop: ({ id }) => printer.sendEventFor(id, 'klippy:disconnect'),
    },
  });
}
