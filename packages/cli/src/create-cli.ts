import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { createIo } from './context.js';
import { GROUP_NAME } from './define.js';
import { CliError, CliErrorCodes, ExitCodes, isCliError } from './errors.js';
import { SHARED_FLAG_HELP, splitSharedFlags } from './flags.js';
import { ADAPTER, type HostState } from './host.js';
import { resolvePaths } from './paths.js';
import { readLinks } from './plugins/store.js';
import { buildRegistry } from './registry/registry.js';
import type { Cli, CreateCliOptions } from './types.js';

type Register = (program: Command, state: HostState) => void;

const BUILTINS: Record<string, { description: string; load: () => Promise<Register> }> = {
  config: {
    description: 'view, edit or reset the configuration',
    load: async () => (await import('./config/commands.js')).registerConfigCommands,
  },
  plugins: {
    description: 'list, install, link, update and remove plugins',
    load: async () => (await import('./plugins/commands.js')).registerPluginCommands,
  },
};

const RESERVED = new Set([...Object.keys(BUILTINS), 'help']);

function cacheFiles(cache: CreateCliOptions['cache'], dataDir: string) {
  if (cache === false) return undefined;
  const dir = typeof cache === 'string' ? cache : join(dataDir, 'cache');
  return { discovery: join(dir, 'discovery.json'), commands: join(dir, 'commands.json') };
}

/** exitOverride and output on every command, including those a plugin added with addCommand(). */
function applySettings(cmd: Command, state: HostState): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (s) => state.stdout.write(s),
    writeErr: (s) => state.stderr.write(s),
  });
  cmd.configureHelp({ showGlobalOptions: true });
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
 * Create a CLI whose command groups come from plugins. `run(argv)` resolves
 * to the exit code (0 ok, 1 failure, 2 usage) and never calls process.exit.
 */
export function createCli(options: CreateCliOptions): Cli {
  if (!GROUP_NAME.test(options.name)) {
    throw new CliError(
      CliErrorCodes.USAGE,
      `@plugboard/cli: CLI name ${JSON.stringify(options.name)} must be lower-case letters, digits and "-".`,
    );
  }
  return {
    name: options.name,
    version: options.version,
    async run(argv) {
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
            stderr.write(
              `${JSON.stringify({ error: { code, reason: error.code, message: error.message } })}\n`,
            );
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
        const paths = resolvePaths(options, env);
        const links = readLinks(paths.pluginsDir);
        const registry = await buildRegistry({
          cliName: options.name,
          cliVersion: options.version,
          host: ADAPTER,
          cwd: options.root ?? paths.dataDir,
          dependencies: options.root !== undefined,
          userDir: paths.pluginsDir,
          links,
          cache: cacheFiles(options.cache, paths.dataDir),
          bundled: options.plugins ?? [],
          reserved: RESERVED,
        });
        for (const problem of registry.problems) io.warn(problem.message);
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
        const { group, tail } = routedGroup(rest);
        // Built-in groups are imported like plugins: only when the command line routes to them.
        for (const [name, builtin] of Object.entries(BUILTINS)) {
          if (name === group) (await builtin.load())(program, state);
          else program.command(name).description(builtin.description);
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
        if (rest.length === 0) {
          program.outputHelp();
          return ExitCodes.OK;
        }
        await program.parseAsync(rest, { from: 'user' });
        return ExitCodes.OK;
      } catch (error) {
        return report(error);
      }
    },
  };
}
