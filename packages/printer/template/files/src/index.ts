import { definePrinterPlugin, type PrinterConfig } from '@plugboard/printer';

/**
 * The object for `[{{pluginName}}]` in printer.cfg. It reads its options (a
 * typo in printer.cfg is an error naming the option), registers a G-code
 * command and reports status that macros read as `printer["{{pluginName}}"]`.
 */
export class {{pascalName}} {
  private count = 0;
  private readonly greeting: string;

  constructor(config: PrinterConfig) {
    this.greeting = config.get('greeting', 'Hello');
    const repeat = config.getInt('repeat', 1, { minval: 1, maxval: 10 });
    const printer = config.getPrinter();
    printer.gcode.registerCommand(
      '{{constName}}_HELLO',
      (gcmd) => {
        const who = gcmd.get('WHO', 'world');
        this.count++;
        for (let i = 0; i < repeat; i++) gcmd.respondInfo(`${this.greeting}, ${who}!`);
      },
      { desc: 'Say hello from [{{pluginName}}]' },
    );
    printer.registerEventHandler('klippy:ready', () => printer.gcode.respondInfo('[{{pluginName}}] ready'));
  }

  getStatus(): Record<string, unknown> {
    return { greeting: this.greeting, count: this.count };
  }
}

export default definePrinterPlugin({
  description: '{{description}}',
  loadConfig: (config) => new {{pascalName}}(config),
});
