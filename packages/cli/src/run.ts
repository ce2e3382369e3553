import { Command, CommanderError } from 'commander';
import { createIo } from './context.js';
import { CliError, CliErrorCodes, ExitCodes, isCliError } from './errors.js';
import {
  adapter,
  answerHelp,
  BUILTIN_GROUPS,
  discoveryScope,
  helpGroups,
  helpRequest,
  SHARED_FLAG_HELP,
  splitSharedFlags,
} from './fast-help.js';
import type { HostState } from './host.js';
import { buildRegistry } from './registry/registry.js';
import type { CreateCliOptions } from './types.js';

type Register = (program: Command, state: HostState) => void;

/** Built-in groups are imported like plugins: only when the command line routes to them. */
const BUILTINS: Record<string, () => Promise<Register>> = {
  config: async () => (await import('./config/commands.js')).registerConfigCommands,
  plugins: async () => (await import('./plugins/commands.js')).registerPluginCommands,
};

/** exitOverride and output on every command, including those a plugin added with addCommand(). */
function applySettings(cmd: Command, state: HostState): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (s) => state.stdout.write(s),
    writeErr: (s) => state.stderr.write(s),
  });
  cmd.configureHelp({ showGlobalOptions: true });
  // A usage error says what to run next, for the command that failed.
  const path: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) path.unshift(c.name());
  cmd.showHelpAfterError(`(run \`${path.join(' ')} --help\` for usage)`);
  for (const sub of cmd.commands) applySettings(sub, state);
}

/** Exit code for a commander error: help/version are 0, every parse error is usage (2). */
function commanderExit(error: CommanderError): number {
  if (error.exitCode === 0) return ExitCodes.OK;
  if (error.code === 'commander.error') return error.exitCode;
  return ExitCodes.USAGE;
}

/** The group a command line routes to (`hello world` and `help hello` both give `hello`). */
function routedGroup(rest: readonly string[]): { group?: string; tail: string[] } {
  const at = rest.findIndex((a) => !a.startsWith('-'));
  if (at === -1) return { tail: [] };
  if (rest[at] === 'help') {
    const next = rest.slice(at + 1).find((a) => !a.startsWith('-'));
    return next === undefined ? { tail: [] } : { group: next, tail: [] };
  }
  return { group: rest[at]!, tail: rest.slice(at + 1) };
}

/**
 * The full CLI for one command line (commander, the registry, the routed plugin).
 * `createCli().run()` imports this module only when fast help cannot answer.
 */
export async function runCli(options: CreateCliOptions, argv: readonly string[]): Promise<number> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const stdin = options.stdin ?? process.stdin;
  const { flags, rest } = splitSharedFlags(argv);
  const tty =
    options.interactive ??
    Boolean((stdin as { isTTY?: boolean }).isTTY && (stdout as { isTTY?: boolean }).isTTY);
  const interactive = tty && !flags.nonInteractive;
  const io = createIo({ cliName: options.name, flags, interactive, stdout, stderr, stdin });
  const report = (error: unknown): number => {
    if (error instanceof CommanderError) {
      const exit = commanderExit(error);
      // commander already printed its message; --json adds a parsable line
      if (flags.json && exit !== ExitCodes.OK) {
        const code = exit === ExitCodes.USAGE ? CliErrorCodes.USAGE : CliErrorCodes.COMMAND_FAILED;
        stderr.write(`${JSON.stringify({ error: { code, reason: error.code, message: error.message } })}\n`);
      }
      return exit;
    }
    const cli = isCliError(error)
      ? error
      : new CliError(
          CliErrorCodes.COMMAND_FAILED,
          `${options.name}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
    stderr.write(
      flags.json
        ? `${JSON.stringify({ error: { code: cli.code, message: cli.message } })}\n`
        : `${cli.message}\n`,
    );
    const detail = isCliError(error) ? error.cause : error;
    if (flags.verbose && detail instanceof Error) stderr.write(`${detail.stack ?? detail.message}\n`);
    return cli.exitCode;
  };
  try {
    const scope = discoveryScope(options, env);
    const { paths, links } = scope;
    const registry = await buildRegistry({
      cliName: options.name,
      cliVersion: options.version,
      host: adapter(),
      scope,
      bundled: options.plugins ?? [],
    });
    for (const problem of registry.problems) io.warn(problem.message);
    const request = helpRequest(rest);
    if (request) {
      const groups = helpGroups(registry.groups.values());
      const answered = answerHelp(options, request, groups, flags, { stdout, stderr });
      if (answered !== undefined) return answered;
    }
    const state: HostState = {
      options,
      cliName: options.name,
      cliVersion: options.version,
      paths,
      env,
      flags,
      interactive,
      stdout,
      stderr,
      stdin,
      io,
      registry,
      links,
    };
    const program = new Command(options.name)
      .version(options.version, '-V, --version', 'print the version')
      .description(options.description ?? '')
      .helpOption('-h, --help', 'show help')
      .showSuggestionAfterError(true);
    for (const [flag, description] of SHARED_FLAG_HELP) program.option(flag, description);
    // parsed by the host itself (taken out of argv before this runs); listed so help shows them
    for (const option of options.globalOptions ?? []) program.option(option.flags, option.description);
    const { group, tail } = routedGroup(rest);
    for (const [name, description] of BUILTIN_GROUPS) {
      const load = BUILTINS[name];
      if (name === group && load) (await load())(program, state);
      else program.command(name).description(description);
    }
    for (const entry of registry.groups.values()) {
      if (entry.name === group && !(tail.length === 1 && tail[0] === 'version')) {
        await (await import('./mount.js')).mountGroup(program, entry, state);
      } else {
        const stub = program.command(entry.name).description(entry.description);
        if (entry.name === group) (await import('./mount.js')).addVersionCommand(stub, entry);
      }
    }
    applySettings(program, state);
    await program.parseAsync(rest, { from: 'user' });
    return ExitCodes.OK;
  } catch (error) {
    return report(error);
  }
}
