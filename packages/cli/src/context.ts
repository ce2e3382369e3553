import type { Readable, Writable } from 'node:stream';
import { CliError, CliErrorCodes, ExitCodes } from './errors.js';
import type { CliContext, PromptOptions, SharedFlags } from './types.js';

export interface IoOptions {
  cliName: string;
  flags: SharedFlags;
  interactive: boolean;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
}

export interface CreateContextOptions<Config extends object> extends IoOptions {
  cliVersion: string;
  plugin: CliContext['plugin'];
  config: Config;
  paths: CliContext['paths'];
  pluginSources: CliContext['pluginSources'];
}

/** Lazily imported: prompts are rare, and help must stay fast. */
async function clack() {
  return import('@clack/prompts');
}

function noPrompt(io: IoOptions, message: string): never {
  const why = io.flags.nonInteractive ? '--non-interactive is set' : 'no terminal is attached';
  throw new CliError(
    CliErrorCodes.PROMPT_UNAVAILABLE,
    `cannot ask "${message}" because ${why}; pass --yes, or the value as an argument or option.`,
    { cli: io.cliName, exitCode: ExitCodes.USAGE },
  );
}

async function answered<T>(value: unknown, cliName: string): Promise<T> {
  const { isCancel } = await clack();
  if (isCancel(value)) {
    throw new CliError(CliErrorCodes.COMMAND_FAILED, 'cancelled.', {
      cli: cliName,
      exitCode: ExitCodes.FAILURE,
    });
  }
  return value as T;
}

/** Line output and prompts honouring --json, --verbose, --yes and --non-interactive. */
export function createIo(io: IoOptions) {
  const line = (stream: Writable, text: string) => stream.write(text.endsWith('\n') ? text : `${text}\n`);
  const streams = { input: io.stdin, output: io.stdout };
  return {
    print: (text: string): void => {
      line(io.stdout, text);
    },
    debug: (text: string) => {
      if (io.flags.verbose) line(io.stderr, `[debug] ${text}`);
    },
    warn: (text: string): void => {
      line(io.stderr, `warning: ${text}`);
    },
    async confirm(message: string, options: PromptOptions<boolean> = {}): Promise<boolean> {
      if (io.flags.yes) return true;
      if (!io.interactive) return options.default ?? noPrompt(io, message);
      const { confirm } = await clack();
      return answered<boolean>(
        await confirm({ message, initialValue: options.default ?? false, ...streams }),
        io.cliName,
      );
    },
    async text(message: string, options: PromptOptions<string> & { placeholder?: string } = {}) {
      if (!io.interactive || io.flags.yes) return options.default ?? noPrompt(io, message);
      const { text } = await clack();
      const value = await text({
        message,
        ...(options.placeholder === undefined ? {} : { placeholder: options.placeholder }),
        ...(options.default === undefined ? {} : { defaultValue: options.default }),
        ...streams,
      });
      return answered<string>(value, io.cliName);
    },
    async select<T extends string>(
      message: string,
      options: PromptOptions<T> & { options: ReadonlyArray<{ value: T; label?: string; hint?: string }> },
    ): Promise<T> {
      if (!io.interactive || io.flags.yes) return options.default ?? noPrompt(io, message);
      const { select } = await clack();
      const value = await select({
        message,
        // clack's option type is a conditional union; a plain label/value list fits every branch.
        options: options.options.map((o) => ({
          value: o.value,
          label: o.label ?? o.value,
          hint: o.hint,
        })) as never,
        ...(options.default === undefined ? {} : { initialValue: options.default }),
        ...streams,
      });
      return answered<T>(value, io.cliName);
    },
    fail(message: string, exitCode: number = ExitCodes.FAILURE): never {
      throw new CliError(CliErrorCodes.COMMAND_FAILED, message, { cli: io.cliName, exitCode });
    },
  };
}

export type Io = ReturnType<typeof createIo>;

export function createContext<Config extends object>(
  o: CreateContextOptions<Config>,
  stringify: (data: unknown) => string,
): CliContext<Config> {
  const io = createIo(o);
  return {
    cli: { name: o.cliName, version: o.cliVersion },
    plugin: o.plugin,
    config: o.config,
    flags: o.flags,
    interactive: o.interactive,
    paths: o.paths,
    pluginSources: o.pluginSources,
    stdout: o.stdout,
    stderr: o.stderr,
    ...io,
    output(data, text) {
      if (o.flags.json) {
        io.print(JSON.stringify(data, null, 2));
        return;
      }
      const rendered = typeof text === 'function' ? text(data) : text;
      io.print(rendered ?? (typeof data === 'string' ? data : stringify(data).trimEnd()));
    },
  };
}
