import { describe, expectTypeOf, test } from 'vitest';
import {
  type ConfigWrapper,
  definePrinterPlugin,
  type GCodeCommand,
  type Printer,
  type PrinterConfig,
  type PrinterPlugin,
} from '../src/index.js';

describe('definePrinterPlugin types', () => {
  test('loadConfig receives the typed section and its return type is kept', () => {
    const plugin = definePrinterPlugin({
      loadConfig(config) {
        expectTypeOf(config).toEqualTypeOf<PrinterConfig>();
        expectTypeOf(config.getPrinter()).toEqualTypeOf<Printer>();
        expectTypeOf(config.getFloat('x', 1)).toEqualTypeOf<number>();
        expectTypeOf(config.getFloat('x', null)).toEqualTypeOf<number | null>();
        expectTypeOf(config.get('x')).toEqualTypeOf<string>();
        expectTypeOf(config.getBoolean('x', false)).toEqualTypeOf<boolean>();
        return { getStatus: () => ({ speed: 1 }), bump: () => 2 };
      },
    });
    expectTypeOf(plugin).toMatchTypeOf<PrinterPlugin>();
    // The object type flows through: callers that build it directly keep its methods.
    const make = (config: PrinterConfig) => plugin.loadConfig?.(config);
    expectTypeOf(make).returns.toEqualTypeOf<
      { getStatus: () => { speed: number }; bump: () => 2 } | undefined
    >();
  });

  test('command handlers get a GCodeCommand with typed getters', () => {
    definePrinterPlugin({
      loadConfigPrefix(config: ConfigWrapper<Printer>) {
        config.getPrinter().gcode.registerCommand('X_CMD', (gcmd) => {
          expectTypeOf(gcmd).toEqualTypeOf<GCodeCommand>();
          expectTypeOf(gcmd.getFloat('S', 0)).toEqualTypeOf<number>();
          expectTypeOf(gcmd.getInt('T', null)).toEqualTypeOf<number | null>();
          expectTypeOf(gcmd.get('MSG')).toEqualTypeOf<string>();
        });
        return undefined;
      },
    });
  });

  test('a plugin needs loadConfig or loadConfigPrefix with the right parameter', () => {
    // @ts-expect-error loadConfig takes a PrinterConfig, not a string
    definePrinterPlugin({ loadConfig: (config: string) => ({ config }) });
    // @ts-expect-error an object is expected from loadConfig
    definePrinterPlugin({ loadConfig: () => 42 });
  });
});
