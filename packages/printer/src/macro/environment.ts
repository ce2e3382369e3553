import type nunjucks from 'nunjucks';
import type { Printer } from '../printer/printer.js';
import { createTemplateEnvironment, GCodeTemplate } from './template.js';

const environments = new WeakMap<Printer, nunjucks.Environment>();

/** One template environment per printer run (Klipper's `gcode_macro` object), made on first use. */
export function templateEnvironment(printer: Printer): nunjucks.Environment {
  let env = environments.get(printer);
  if (!env) {
    env = createTemplateEnvironment();
    environments.set(printer, env);
  }
  return env;
}

export interface LoadTemplateConfig {
  getName(): string;
  getPrinter(): Printer;
  get(option: string): string;
  get<D extends string | null>(option: string, fallback: D): string | D;
}

/** Compile option `option` of a section as a template (Klipper's `load_template`). */
export function loadTemplate(config: LoadTemplateConfig, option: string, fallback?: string): GCodeTemplate {
  const name = `${config.getName()}:${option}`;
  const source = fallback === undefined ? config.get(option) : config.get(option, fallback);
  const printer = config.getPrinter();
  return new GCodeTemplate(printer, templateEnvironment(printer), name, source);
}
