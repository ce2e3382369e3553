import { suggestion } from '@plugboard/core';
import { Command } from './commander.js';
import { createIo } from './context.js';
import { CliError, CliErrorCodes, ExitCodes } from './errors.js';
import {
  adapter,
  answerHelp,
  BUILTIN_GROUPS,
  discoveryScope,
  helpGroups,
  helpRequest,
  SHARED_FLAG_HELP,
  splitSharedFlags,
} from './fast-help/index.js';
import { discoverGroups } from './groups.js';
import { heal } from './heal.js';
import type { HostState } from './host-state.js';
import { type Owner, reportError } from './report.js';
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

/** The group a command line routes to (`hello world`, `help hello` and `help hello world` give `hello`). */
function routedGroup(rest: readonly string[]): { group?: string; tail: string[]; help?: string[] } {
  const at = rest.findIndex((a) => !a.startsWith('-'));
  if (at === -1) return { tail: [] };
  if (rest[at] === 'help') {
    const words = rest.slice(at + 1).filter((a) => !a.startsWith('-'));
    return words.length === 0 ? { tail: [] } : { group: words[0]!, tail: [], help: words };
  }
  return { group: rest[at]!, tail: rest.slice(at + 1) };
}

/**
 * The full CLI for one command line (commander, the host kit, the routed plugin).
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
  let owner: Owner | undefined;
  let stop: (() => Promise<unknown>) | undefined;
  try {
    if (flags.json && (rest[0] === '--version' || rest[0] === '-V') && rest.length === 1) {
      stdout.write(
        `${JSON.stringify({ name: options.name, version: options.version, adapter: adapter() })}\n`,
      );
      return ExitCodes.OK;
    }
    const scope = discoveryScope(options, env);
    await heal(scope.paths, { cliName: options.name, paths: scope.paths, env, options, io });
    const run = discoverGroups(scope, {
      name: options.name,
      version: options.version,
      plugins: options.plugins ?? [],
    });
    for (const problem of run.problems) io.warn(problem.message);
    const request = helpRequest(rest);
    if (request) {
      const answered = answerHelp(options, request, helpGroups(run.groups.values()), flags, {
        stdout,
        stderr,
      });
      if (answered !== undefined) return answered;
    }
    const state: HostState = {
      options,
      cliName: options.name,
      cliVersion: options.version,
      paths: scope.paths,
      env,
      flags,
      interactive,
      stdout,
      stderr,
      stdin,
      io,
      groups: run.groups,
      found: run.found,
      links: scope.links,
    };
    const program = new Command(options.name)
      .version(options.version, '-V, --version', 'print the version')
      .description(options.description ?? '')
      .helpOption('-h, --help', 'show help')
      .showSuggestionAfterError(true);
    for (const [flag, description] of SHARED_FLAG_HELP) program.option(flag, description);
    // parsed by the host itself (taken out of argv before this runs); listed so help shows them
    for (const option of options.globalOptions ?? []) program.option(option.flags, option.description);
    const { group, tail, help } = routedGroup(rest);
    const known = [...BUILTIN_GROUPS.map(([n]) => n), ...run.groups.keys()];
    if (help && !known.includes(group!)) {
      throw new CliError(
        CliErrorCodes.USAGE,
        `there is no command "${group}".${suggestion(group!, known)} Run \`${options.name} --help\` for the list.`,
        { cli: options.name },
      );
    }
    // A command line routed to a known group needs only that group; the others are
    // listed only where commander may show them (root help, an unknown command).
    const routed = group !== undefined && known.includes(group);
    for (const [name, description] of BUILTIN_GROUPS) {
      const load = BUILTINS[name];
      if (name === group && load) (await load())(program, state);
      else if (!routed) program.command(name).description(description);
    }
    const { mountGroup, addVersionCommand, startGroup } = await import('./mount.js');
    for (const entry of run.groups.values()) {
      if (routed && entry.name !== group) continue;
      // `<group> version` of a group known (from metadata) to have subcommands needs no import
      const versionOnly =
        tail.length === 1 && tail[0] === 'version' && Object.keys(entry.meta?.commands ?? {}).length > 0;
      if (entry.name === group && !versionOnly) {
        const started = await startGroup(entry, state);
        stop = started.stop;
        await mountGroup(program, entry, started.plugin, state);
        owner = {
          group: entry.name,
          package: entry.package.name,
          version: entry.package.version,
          origin: entry.origin,
        };
      } else {
        const stub = program.command(entry.name).description(entry.description);
        if (entry.name === group) addVersionCommand(stub, entry, flags.json);
      }
    }
    applySettings(program, state);
    // `help <group> <command>` is `<group> <command> --help`
    const args = help && help.length > 1 ? [...help, '--help'] : rest;
    await program.parseAsync(args, { from: 'user' });
    return ExitCodes.OK;
  } catch (error) {
    return reportError(error, { cliName: options.name, flags, stderr, owner });
  } finally {
    await stop?.();
  }
}
