import type { GCodeCommand } from '../gcode/command.js';
import { isTraditional } from '../gcode/tokenize.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrinterConfig } from '../plugin/types.js';
import type { Printer } from '../printer/printer.js';
import { loadTemplate } from './environment.js';
import { parseLiteral } from './literal.js';
import type { GCodeTemplate } from './template.js';

/** `[gcode_macro NAME]`: a command whose body is a template (Klipper's gcode_macro). */
export class GCodeMacro {
  readonly alias: string;
  private variables: Record<string, unknown> = {};
  private inScript = false;
  private readonly template: GCodeTemplate;
  private readonly printer: Printer;

  constructor(config: PrinterConfig) {
    const words = config.getName().split(/\s+/);
    if (words.length > 2)
      throw config.error(`Name of section '${config.getName()}' contains illegal whitespace`);
    this.alias = words[1]!.toUpperCase();
    this.printer = config.getPrinter();
    this.template = loadTemplate(config, 'gcode');
    const gcode = this.printer.gcode;
    const renameExisting = config.get('rename_existing', null);
    const desc = config.get('description', 'G-Code macro');
    if (renameExisting !== null) {
      if (isTraditional(this.alias) !== isTraditional(renameExisting)) {
        throw config.error(
          `G-Code macro rename of different types ('${this.alias}' vs '${renameExisting}')`,
          'rename_existing',
        );
      }
      // The command to rename may be registered by an object that loads later: wait for connect.
      this.printer.registerEventHandler('klippy:connect', () => {
        const previous = gcode.registerCommand(this.alias, null);
        if (!previous) throw config.error(`Existing command '${this.alias}' not found in gcode_macro rename`);
        const help = gcode.commandHelp()[this.alias];
        gcode.registerCommand(renameExisting, previous, help === undefined ? {} : { desc: help });
        gcode.registerCommand(this.alias, (gcmd) => this.run(gcmd), { desc });
      });
    } else {
      gcode.registerCommand(this.alias, (gcmd) => this.run(gcmd), { desc });
    }
    gcode.registerMuxCommand('SET_GCODE_VARIABLE', 'MACRO', words[1]!, (gcmd) => this.setVariable(gcmd), {
      desc: 'Set the value of a G-Code macro variable',
    });
    for (const option of config.getPrefixOptions('variable_')) {
      const raw = config.get(option);
      try {
        this.variables[option.slice('variable_'.length)] = parseLiteral(raw);
      } catch (cause) {
        throw config.error(
          `Option '${option}' in section '${config.getName()}' is not a valid literal: ${(cause as Error).message}`,
          option,
        );
      }
    }
  }

  getStatus(): Record<string, unknown> {
    return this.variables;
  }

  private setVariable(gcmd: GCodeCommand): void {
    const variable = gcmd.get('VARIABLE');
    const value = gcmd.get('VALUE');
    if (!Object.hasOwn(this.variables, variable))
      throw gcmd.error(`Unknown gcode_macro variable '${variable}'`);
    let literal: unknown;
    try {
      literal = parseLiteral(value);
    } catch (cause) {
      throw gcmd.error(
        `Unable to parse '${value}' as a literal: ${(cause as Error).message} in '${gcmd.getCommandline()}'`,
      );
    }
    // A new object, so a status reader holding the old one sees a change.
    this.variables = { ...this.variables, [variable]: literal };
  }

  private async run(gcmd: GCodeCommand): Promise<void> {
    if (this.inScript) throw gcmd.error(`Macro ${this.alias} called recursively`);
    const context = this.template.createContext({
      ...this.variables,
      params: gcmd.getCommandParameters(),
      rawparams: gcmd.getRawCommandParameters(),
    });
    this.inScript = true;
    try {
      await this.template.runGcodeFromCommand(context);
    } finally {
      this.inScript = false;
    }
  }
}

export const gcodeMacroPlugin = definePrinterPlugin({
  description: 'G-code macros written as templates',
  loadConfigPrefix: (config) => new GCodeMacro(config),
});
