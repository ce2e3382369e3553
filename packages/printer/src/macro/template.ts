import nunjucks from 'nunjucks';
import { commandError, PrinterError, PrinterErrorCodes } from '../errors.js';
import type { Printer } from '../printer/printer.js';
import { addPythonFilters } from './python-filters.js';
import { PythonTemplate } from './python-template.js';
import { coord } from './python-types.js';

/**
 * Klipper's Jinja dialect: `{ expr }` for values (single braces), `{% stmt %}`
 * for statements. nunjucks is the maintained Jinja port for JavaScript; its
 * tags are configurable, which is what makes the single-brace form possible.
 */
export function createTemplateEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(null, {
    autoescape: false,
    throwOnUndefined: false,
    tags: {
      blockStart: '{%',
      blockEnd: '%}',
      variableStart: '{',
      variableEnd: '}',
      commentStart: '{#',
      commentEnd: '#}',
    },
  });
  addPythonFilters(env);
  // Jinja spells its constants both ways; nunjucks knows only `true`, `false` and `none`.
  env.addGlobal('True', true);
  env.addGlobal('False', false);
  env.addGlobal('None', null);
  return env;
}

/** Klipper's Coord: position tuples that also answer `.x`, `.y`, `.z`, `.e`. */
function withAxes(value: unknown): unknown {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((v) => typeof v === 'number')) return value;
  return coord(value);
}

/**
 * The `printer` variable of a template: every object's status, read once per
 * render when first touched (`printer.toolhead.position.x`, `printer['gcode_macro X']`).
 */
export function printerContext(printer: Printer): Record<string, unknown> {
  const cache = new Map<string, unknown>();
  const eventtime = printer.reactor.monotonic();
  return new Proxy({} as Record<string, unknown>, {
    get(_t, key) {
      if (typeof key !== 'string') return undefined;
      if (cache.has(key)) return cache.get(key);
      const status = printer.statusOf(key, eventtime);
      const value = status
        ? Object.fromEntries(Object.entries(status).map(([k, v]) => [k, withAxes(v)]))
        : undefined;
      cache.set(key, value);
      return value;
    },
    has: (_t, key) => typeof key === 'string' && printer.objectNames().includes(key),
  });
}

/** A compiled `gcode:` (or other) template of a config section. */
export class GCodeTemplate {
  private readonly template: nunjucks.Template;
  private raised: Error | undefined;

  constructor(
    private readonly printer: Printer,
    env: nunjucks.Environment,
    readonly name: string,
    source: string,
  ) {
    try {
      this.template = new PythonTemplate(source, env, name, true);
    } catch (cause) {
      throw new PrinterError(
        PrinterErrorCodes.MACRO_TEMPLATE,
        `Error loading template '${name}': ${firstLine(cause)}`,
        {
          hint: 'Fix the template syntax ({ expression } and {% statement %})',
          cause,
        },
      );
    }
  }

  /** The printer's default variables (`printer`, `action_*`) with `extra` over them. */
  createContext(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const gcode = this.printer.gcode;
    return {
      printer: printerContext(this.printer),
      action_respond_info: (msg: unknown) => {
        gcode.respondInfo(String(msg));
        return '';
      },
      action_raise_error: (msg: unknown) => {
        // nunjucks wraps what a global throws; keep the error to rethrow it unwrapped.
        this.raised = commandError(String(msg));
        throw this.raised;
      },
      action_emergency_stop: (msg: unknown = 'action_emergency_stop') => {
        this.printer.invokeShutdown(`Shutdown due to ${String(msg)}`);
        return '';
      },
      action_call_remote_method: () => '',
      ...extra,
    };
  }

  render(context: Record<string, unknown> = this.createContext()): string {
    this.raised = undefined;
    try {
      return this.template.render(context);
    } catch (cause) {
      if (this.raised) throw this.raised;
      // nunjucks starts with the template's name, which the message already gives; what is left
      // reads as Klipper's `TypeError: not enough arguments for format string`.
      const why = firstLine(cause).replace(`(${this.name}) `, '');
      throw new PrinterError(PrinterErrorCodes.MACRO_TEMPLATE, `Error evaluating '${this.name}': ${why}`, {
        cause,
      });
    }
  }

  /** Render and run the result as G-code from inside the current command. */
  async runGcodeFromCommand(context?: Record<string, unknown>): Promise<void> {
    await this.printer.gcode.runScriptFromCommand(this.render(context));
  }
}

function firstLine(error: unknown): string {
  const msg = error instanceof Error ? error.message : String(error);
  return msg
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}
