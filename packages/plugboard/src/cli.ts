import {
  type Cli,
  CliError,
  type CliPlugin,
  type CreateCliOptions,
  createCli,
  defineCliPlugin,
} from '@plugboard/cli';
import { buildIndex } from './commands/build-index.js';
import { formatDoctorReport, runDoctor } from './commands/doctor.js';
import { formatPluginTable, listProject } from './commands/list.js';
import type { DiscoveryScope } from './discovery.js';
import { PlugboardToolCodes, PlugboardToolError } from './errors.js';
import { PLUGBOARD, splitCwd, toolDescription } from './host.js';
import { scaffoldPlugin } from './scaffold/scaffold.js';

export { splitCwd } from './host.js';

export interface CreatePlugboardCliOptions
  extends Omit<CreateCliOptions, 'name' | 'version' | 'description' | 'plugins' | 'root'> {
  /** Project directory when `--cwd` is not given. Default `process.cwd()`. */
  cwd?: string;
}

/** The commander `Command` a plugin's `commands()` receives. */
type Command = Parameters<CliPlugin['commands']>[0];

interface ScopeFlags {
  scan?: boolean;
  userDir?: string;
  group?: string;
}

/**
 * Report tool errors the host way: a CliError keeps the code and exit code, and
 * the host prints it (as a JSON line on stderr under --json).
 */
async function guarded(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof PlugboardToolError)) throw error;
    throw new CliError(error.code, error.message, {
      cli: 'plugboard',
      exitCode: error.exitCode,
      cause: error,
      ...(error.path ? { path: error.path } : {}),
    });
  }
}

function scopeOptions(cmd: Command, withGroup: boolean): Command {
  if (withGroup) cmd.option('--group <group>', 'only plugins of this entry point group (e.g. cli, config)');
  return cmd
    .option('--scan', 'look at every package in node_modules, not only the project dependencies')
    .option('--user-dir <dir>', "also look in a host's user plugin directory");
}

function scope(cwd: string, flags: ScopeFlags): DiscoveryScope {
  return { cwd, ...(flags.scan ? { scan: true } : {}), ...(flags.userDir ? { userDir: flags.userDir } : {}) };
}

/** The built-in command groups, bound to the project directory of this run. */
function toolPlugins(cwd: string) {
  const list = defineCliPlugin({
    name: 'list',
    description: toolDescription('list'),
    defaults: {},
    commands(group, ctx) {
      scopeOptions(group, true).action((flags: ScopeFlags) =>
        guarded(async () => {
          const { plugins, leftOut } = await listProject({
            ...scope(cwd, flags),
            ...(flags.group ? { group: flags.group } : {}),
          });
          ctx.output({ cwd, plugins, leftOut }, formatPluginTable(plugins, leftOut).trimEnd());
        }),
      );
    },
  });
  const doctor = defineCliPlugin({
    name: 'doctor',
    description: toolDescription('doctor'),
    defaults: {},
    commands(group, ctx) {
      scopeOptions(group, true)
        .option('--load', 'also import every entry point (runs plugin code)')
        .action((flags: ScopeFlags & { load?: boolean }) =>
          guarded(async () => {
            const report = await runDoctor({
              ...scope(cwd, flags),
              ...(flags.group ? { group: flags.group } : {}),
              load: Boolean(flags.load),
            });
            ctx.output({ cwd, ...report }, formatDoctorReport(report).trimEnd());
            if (!report.ok) {
              throw new PlugboardToolError(
                PlugboardToolCodes.PROBLEMS_FOUND,
                `doctor found ${report.errors} error(s); fix them as shown above, then run it again.`,
              );
            }
          }),
        );
    },
  });
  const index = defineCliPlugin({
    name: 'index',
    description: toolDescription('index'),
    defaults: {},
    commands(group, ctx) {
      scopeOptions(group, false)
        .option('--out <file>', 'index file (default: node_modules/.cache/plugboard/discovery.json)')
        .action((flags: ScopeFlags & { out?: string }) =>
          guarded(() => {
            const result = buildIndex({ ...scope(cwd, flags), ...(flags.out ? { file: flags.out } : {}) });
            ctx.output(
              result,
              `Indexed ${result.plugins} plugin(s) from ${result.packages} package(s) into ${result.file}` +
                (result.problems
                  ? `\n${result.problems} problem(s) recorded; run \`plugboard doctor\`.`
                  : ''),
            );
          }),
        );
    },
  });
  const scaffold = defineCliPlugin({
    name: 'new',
    description: toolDescription('new'),
    defaults: {},
    commands(group, ctx) {
      group
        .argument('<name>', 'npm name of the new package, e.g. @acme/plugboard-cli-deploy')
        .requiredOption('--host <host>', 'host style whose adapter template to use: cli, config, …')
        .option('--dir <dir>', 'target folder (default: ./<name without scope>)')
        .option('--plugin-name <name>', 'entry point name (default: derived from the package name)')
        .option('--description <text>', 'one-line description')
        .option('--force', 'write into a non-empty folder')
        .option(
          '--link-sdk',
          'use the local @plugboard/* packages (file: links) until the SDK is on a registry',
        )
        .action(
          (
            name: string,
            flags: {
              host: string;
              dir?: string;
              pluginName?: string;
              description?: string;
              force?: boolean;
              dryRun?: boolean;
              linkSdk?: boolean;
            },
          ) =>
            guarded(() => {
              const result = scaffoldPlugin({
                name,
                host: flags.host,
                cwd,
                ...(flags.dir ? { dir: flags.dir } : {}),
                ...(flags.pluginName ? { pluginName: flags.pluginName } : {}),
                ...(flags.description ? { description: flags.description } : {}),
                ...(flags.force ? { force: true } : {}),
                // --dry-run is the host's shared flag: write nothing, list what would be written
                ...(flags.dryRun || ctx.flags.dryRun ? { dryRun: true } : {}),
                ...(flags.linkSdk ? { linkSdk: true } : {}),
              });
              ctx.output(
                result,
                [
                  `${result.written ? 'Created' : 'Would create (dry run, nothing written)'} ${result.package} (${result.group} plugin "${result.plugin}" for ${result.host.name}@${result.host.range}) in ${result.dir}:`,
                  ...result.files.map((f) => `  ${f}`),
                  ...Object.entries(result.linked).map(([n, d]) => `Linked ${n} from ${d}`),
                  ...(result.written ? ['Next:', ...result.nextSteps.map((s) => `  ${s}`)] : []),
                ].join('\n'),
              );
            }),
        );
    },
  });
  return [list, doctor, index, scaffold];
}

/**
 * The `plugboard` developer CLI, a @plugboard/cli host: `list`, `doctor`,
 * `index` and `new`, plus the host's own `config` and `plugins` groups.
 */
export function createPlugboardCli(options: CreatePlugboardCliOptions = {}): Cli {
  const { cwd: defaultCwd, ...hostOptions } = options;
  return {
    name: PLUGBOARD.name,
    version: PLUGBOARD.version,
    async run(argv) {
      const { cwd, rest, missing } = splitCwd(argv);
      if (missing) {
        const error = {
          code: PlugboardToolCodes.CWD_INVALID,
          message: 'plugboard: --cwd needs a directory, e.g. --cwd ./my-project.',
        };
        const json = rest.includes('--json');
        (options.stderr ?? process.stderr).write(`${json ? JSON.stringify({ error }) : error.message}\n`);
        return 2;
      }
      const cli = createCli({
        ...hostOptions,
        ...PLUGBOARD,
        plugins: toolPlugins(cwd ?? defaultCwd ?? process.cwd()),
      });
      return cli.run(rest);
    },
  };
}
