// Help straight from the command index. This module imports nothing, not even
// node built-ins through `import` (their ESM facades cost milliseconds; it takes
// them with process.getBuiltinModule): a bin reaches `--help` by loading it alone,
// and the full CLI (commander, core, plugins) is imported only when help is not
// enough. The build also emits it as CommonJS (dist/fast-help.cjs), so a CommonJS
// bin answers help without starting the ESM loader. The full CLI renders
// help-only command lines with these same functions: both paths print the same bytes.
import type { Writable } from 'node:stream';

const fs = process.getBuiltinModule('node:fs');
const os = process.getBuiltinModule('node:os');
const path = process.getBuiltinModule('node:path');

// ExitCodes and CliErrorCodes live in errors.ts; repeated here to keep this module import-free.
const OK = 0;
const USAGE = 2;

/** The modifiers every command accepts; parsed before any plugin loads. */
export interface SharedFlags {
  /** `--verbose`: print debug lines (`ctx.debug`) on stderr. */
  verbose: boolean;
  /** `--dry-run`: say what would change, change nothing. Commands must honour it themselves. */
  dryRun: boolean;
  /** `--yes`: answer yes to every confirmation (Provisioner's auto-prompt). */
  yes: boolean;
  /** `--non-interactive`: never prompt; prompts take their default or fail with exit 2. */
  nonInteractive: boolean;
  /** `--json`: machine-readable output on stdout (`ctx.output`). */
  json: boolean;
}

/** Static description of one command, for help without importing the plugin. */
export interface CliCommandMeta {
  description?: string;
  /** Commander argument syntax, e.g. `["<name>", "[greeting]"]`. */
  args?: string[];
  /** Option flags with descriptions, e.g. `{ "--shout": "Use capitals" }`. */
  options?: Record<string, string>;
}

/** Static description of one command group: `package.json` → `plugboard.cli.<group>`. */
export interface CliGroupMeta {
  description?: string;
  commands?: Record<string, CliCommandMeta>;
}

/** A discovery problem as the command index keeps it (core's `Problem` without `cause`). */
export interface IndexProblem {
  code: string;
  message: string;
  severity?: 'error' | 'warning';
  package?: string;
  plugin?: string;
  path?: string;
}

/** An option that every command accepts and the host parses itself (e.g. `--cwd <dir>`). */
export interface CliGlobalOption {
  flags: string;
  description: string;
}

/** What help needs to know about a host: the static part of `createCli()` options. */
export interface HelpHost {
  name: string;
  version: string;
  description?: string;
  root?: string;
  configDir?: string;
  dataDir?: string;
  cache?: boolean | string;
  /** The host's own plugin objects (only their names and descriptions are read here). */
  plugins?: ReadonlyArray<{ name: string; description?: string }>;
  /** Options the host parses itself (`--cwd <dir>`): shown in help, skipped when telling help apart. */
  globalOptions?: ReadonlyArray<CliGlobalOption>;
  env?: NodeJS.ProcessEnv;
  stdout?: Writable;
  stderr?: Writable;
}

// ---- shared modifiers ------------------------------------------------------

const SHARED: Record<string, keyof SharedFlags> = {
  '--verbose': 'verbose',
  '--dry-run': 'dryRun',
  '--yes': 'yes',
  '--non-interactive': 'nonInteractive',
  '--json': 'json',
};

/** Help lines for the shared modifiers. */
export const SHARED_FLAG_HELP: ReadonlyArray<[string, string]> = [
  ['--verbose', 'print debug output on stderr'],
  ['--dry-run', 'show what would change without changing anything'],
  ['--yes', 'answer yes to every confirmation'],
  ['--non-interactive', 'never prompt (prompts take their default or fail)'],
  ['--json', 'machine-readable output on stdout'],
];

/**
 * Take the shared modifiers out of `argv` wherever they appear (before `--`),
 * so they work on every command and are known before any plugin loads.
 */
export function splitSharedFlags(argv: readonly string[]): { flags: SharedFlags; rest: string[] } {
  const flags: SharedFlags = {
    verbose: false,
    dryRun: false,
    yes: false,
    nonInteractive: false,
    json: false,
  };
  const rest: string[] = [];
  let passthrough = false;
  for (const arg of argv) {
    const key = passthrough ? undefined : SHARED[arg];
    if (key) flags[key] = true;
    else rest.push(arg);
    if (arg === '--') passthrough = true;
  }
  return { flags, rest };
}

// ---- where discovery looks, and its command index --------------------------

/** Built-in command groups, in help order; plugins may not take these names (nor `help`). */
export const BUILTIN_GROUPS: ReadonlyArray<[string, string]> = [
  ['config', 'view, edit or reset the configuration'],
  ['plugins', 'list, install, link, update and remove plugins'],
];
export const RESERVED_GROUPS: ReadonlySet<string> = new Set([...BUILTIN_GROUPS.map(([n]) => n), 'help']);

export interface CliPaths {
  configDir: string;
  configFile: string;
  dataDir: string;
  /** The user plugin directory: a package.json + node_modules managed with npm. */
  pluginsDir: string;
}

/** XDG base directories, with the documented fallbacks, unless the host overrides them. */
export function resolvePaths(
  options: Pick<HelpHost, 'name' | 'configDir' | 'dataDir'>,
  env: NodeJS.ProcessEnv,
): CliPaths {
  const { join, resolve } = path;
  const home = env.HOME || os.homedir();
  const configDir = resolve(
    options.configDir ?? join(env.XDG_CONFIG_HOME || join(home, '.config'), options.name),
  );
  const dataDir = resolve(
    options.dataDir ?? join(env.XDG_DATA_HOME || join(home, '.local', 'share'), options.name),
  );
  return {
    configDir,
    configFile: join(configDir, 'config.yaml'),
    dataDir,
    pluginsDir: join(dataDir, 'plugins'),
  };
}

/** Linked plugin folders (`plugins link`), kept beside the user plugin directory's package.json. */
export function readLinks(pluginsDir: string): string[] {
  const file = path.join(pluginsDir, 'links.json');
  if (!fs.statSync(file, { throwIfNoEntry: false })) return []; // the usual case; no exception to build
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

let adapterIdentity: { name: string; version: string } | undefined;
/** The adapter's own identity: plugins declare a peer range on it. */
export function adapter(): { name: string; version: string } {
  adapterIdentity ??= {
    name: '@plugboard/cli',
    version: (
      JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version,
  };
  return adapterIdentity;
}

/** Everything discovery depends on for one host run, and the key its command index is stored under. */
export function discoveryScope(host: HelpHost, env: NodeJS.ProcessEnv) {
  const { join, resolve } = path;
  const paths = resolvePaths(host, env);
  const links = readLinks(paths.pluginsDir);
  const cwd = resolve(host.root ?? paths.dataDir);
  const dependencies = host.root !== undefined;
  const dir = typeof host.cache === 'string' ? resolve(host.cache) : join(paths.dataDir, 'cache');
  const cache =
    host.cache === false
      ? undefined
      : { discovery: join(dir, 'discovery.json'), commands: join(dir, 'commands.json') };
  const key = JSON.stringify([adapter(), cwd, dependencies, paths.pluginsDir, links]);
  return { paths, links, cwd, dependencies, cache, key };
}

/** Bump when the layout changes so an old file is ignored, never misread. */
export const COMMAND_INDEX_VERSION = 1;

/** One discovered command group, as much as help and routing need. */
export interface IndexedGroup {
  name: string;
  description: string;
  source: 'path' | 'user' | 'dependencies';
  package: { name: string; version: string; dir: string };
  /** Entry point value, `"./dist/cli.js#export"`. */
  value: string;
  meta?: CliGroupMeta;
}

export interface CommandIndex {
  version: number;
  key: string;
  /** Core's discovery fingerprint: path -> mtimeMs. */
  fingerprint: Record<string, number>;
  groups: IndexedGroup[];
  problems: IndexProblem[];
}

/**
 * The CLI's own index (oclif's manifest): valid while nothing in core's
 * discovery fingerprint changed, so a warm start reads one file and stats.
 */
export function readCommandIndex(file: string, key: string): CommandIndex | undefined {
  let index: CommandIndex;
  try {
    index = JSON.parse(fs.readFileSync(file, 'utf8')) as CommandIndex;
  } catch {
    return undefined;
  }
  if (index.version !== COMMAND_INDEX_VERSION || index.key !== key) return undefined;
  for (const file in index.fingerprint) {
    // a missing path is -1, as core records it
    const mtime = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    if (mtime !== index.fingerprint[file]) return undefined;
  }
  return index;
}

// ---- precedence between groups ---------------------------------------------

export interface Claimable {
  name: string;
  description: string;
  source: 'path' | 'user' | 'dependencies' | 'bundled';
  package: { name: string; version: string; dir?: string };
  meta?: CliGroupMeta;
}

/** The host's own plugin objects as candidates (lowest precedence). */
export function bundledCandidates(host: HelpHost): Claimable[] {
  return (host.plugins ?? []).map((p) => ({
    name: p.name,
    description: p.description ?? '',
    source: 'bundled',
    package: { name: host.name, version: host.version },
  }));
}

/** First claim of a name wins (candidates come in precedence order); reserved names and losers are problems. */
export function claimGroups<T extends Claimable>(
  candidates: Iterable<T>,
  cliName: string,
): { groups: Map<string, T>; problems: IndexProblem[] } {
  const groups = new Map<string, T>();
  const problems: IndexProblem[] = [];
  for (const entry of candidates) {
    const pkg = `${entry.package.name}@${entry.package.version}`;
    const winner = groups.get(entry.name);
    if (RESERVED_GROUPS.has(entry.name)) {
      problems.push({
        code: 'PB_CLI_PLUGIN_INVALID',
        message: `${pkg} declares the command group "${entry.name}", which is built into ${cliName}; it is ignored. Rename its entry point.`,
        package: entry.package.name,
        plugin: entry.name,
      });
    } else if (!winner) {
      groups.set(entry.name, entry);
    } else {
      problems.push({
        code: 'PB_DUPLICATE',
        message: `cli plugin "${entry.name}" is declared by ${winner.package.name}@${winner.package.version} (${winner.source}) and ${pkg} (${entry.source}); using ${winner.package.name} because the ${winner.source} source takes precedence over ${entry.source}. Uninstall one of them or rename the entry point.`,
        package: entry.package.name,
        plugin: entry.name,
      });
    }
  }
  return { groups, problems };
}

// ---- help rendering (commander's layout) -----------------------------------

/** A command line that asks only for help: the root's (`group` undefined) or one group's. */
export interface HelpRequest {
  group?: string;
  /** `<group>` without a command: help on stderr, usage exit code. */
  usage?: boolean;
}

/** `[]`, `--help`, `-h`, `help`, `help <group>`, `<group> --help|-h`, `<group>`; anything else is not help-only. */
export function helpRequest(rest: readonly string[]): HelpRequest | undefined {
  const isHelp = (a: string | undefined) => a === '--help' || a === '-h';
  const word = (a: string | undefined): a is string => a !== undefined && !a.startsWith('-');
  const [a, b] = rest;
  if (rest.length === 0) return {};
  if (rest.length === 1) {
    if (isHelp(a) || a === 'help') return {};
    return word(a) ? { group: a, usage: true } : undefined;
  }
  if (rest.length !== 2) return undefined;
  if (a === 'help' && word(b)) return { group: b };
  return word(a) && isHelp(b) ? { group: a } : undefined;
}

type Item = [term: string, description: string];

/**
 * Where help goes: a stream, or a file descriptor of this process. Writing to fd 1/2
 * directly skips creating process.stdout (a few ms for a pipe) when it is not a terminal.
 */
type Sink = Writable | 1 | 2;

const processStream = (fd: 1 | 2) => (fd === 1 ? process.stdout : process.stderr);
/** Only a character device can be a terminal; pipes and files are told apart without loading node:tty (and node:net). */
const isTerminal = (fd: 1 | 2) =>
  fs.fstatSync(fd).isCharacterDevice() && process.getBuiltinModule('node:tty').isatty(fd);

function helpWidth(sink: Sink): number {
  const stream = typeof sink === 'number' ? (isTerminal(sink) ? processStream(sink) : {}) : sink;
  const s = stream as { isTTY?: boolean; columns?: number };
  return (s.isTTY && s.columns) || 80;
}

function write(sink: Sink, text: string): void {
  if (typeof sink !== 'number') sink.write(text);
  else if (isTerminal(sink)) processStream(sink).write(text);
  else {
    let rest = Buffer.from(text);
    try {
      while (rest.length > 0) rest = rest.subarray(fs.writeSync(sink, rest));
    } catch (error) {
      // a full non-blocking pipe: let the stream queue the rest; a closed one (EPIPE) has no reader
      if ((error as { code?: string }).code === 'EAGAIN') processStream(sink).write(rest);
    }
  }
}

/** Wrap at whitespace, keeping existing line breaks; narrow widths are left alone. */
function wrap(text: string, width: number): string {
  if (width < 40 || (text.length <= width && !text.includes('\n'))) return text;
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\n/)) {
    const chunks = raw.match(/\s*\S+/g);
    if (!chunks) {
      lines.push('');
      continue;
    }
    let line = chunks[0]!;
    for (const chunk of chunks.slice(1)) {
      if (line.length + chunk.length <= width) line += chunk;
      else {
        lines.push(line);
        line = chunk.trimStart();
      }
    }
    lines.push(line);
  }
  return lines.join('\n');
}

function section(title: string, items: Item[], pad: number, width: number): string[] {
  if (items.length === 0) return [];
  const rows = items.map(([term, description]) => {
    if (!description) return `  ${term}`;
    const room = width - pad - 4;
    // a description with an indented line is preformatted: only the item indent is added
    const text =
      room < 40 || (description.includes('\n') && /\n[^\S\r\n]/.test(description))
        ? description
        : wrap(description, room).replace(/\n/g, `\n${' '.repeat(pad + 2)}`);
    return `  ${term.padEnd(pad)}  ${text.replace(/\n/g, '\n  ')}`;
  });
  return [title, ...rows, ''];
}

function page(usage: string, description: string, sections: Array<[string, Item[]]>, width: number): string {
  const pad = Math.max(0, ...sections.flatMap(([, items]) => items.map(([term]) => term.length)));
  const out = [`Usage: ${usage}`, ''];
  if (description) out.push(wrap(description, width), '');
  for (const [title, items] of sections) out.push(...section(title, items, pad, width));
  return out.join('\n');
}

/** What help shows of one group; `commands` only when the group's help comes from static metadata. */
export interface HelpGroup {
  name: string;
  description: string;
  package: string;
  commands?: NonNullable<CliGroupMeta['commands']>;
}

/** Groups as help shows them: plugin packages with `plugboard.cli.<group>.commands` get help without an import. */
export function helpGroups(groups: Iterable<Claimable>): HelpGroup[] {
  return [...groups].map((g) => ({
    name: g.name,
    description: g.description,
    package: g.package.name,
    ...(g.source !== 'bundled' && g.meta?.commands ? { commands: g.meta.commands } : {}),
  }));
}

function globalItems(host: HelpHost): Item[] {
  return [
    ['-V, --version', 'print the version'],
    ...SHARED_FLAG_HELP,
    ...(host.globalOptions ?? []).map((o): Item => [o.flags, o.description]),
  ];
}

const HELP_COMMAND: Item = ['help [command]', 'display help for command'];

export function renderRootHelp(host: HelpHost, groups: readonly HelpGroup[], width = 80): string {
  const commands: Item[] = [...BUILTIN_GROUPS, ...groups.map((g): Item => [g.name, g.description])];
  return page(
    `${host.name} [options] [command]`,
    host.description ?? '',
    [
      ['Options:', [...globalItems(host), ['-h, --help', 'show help']]],
      ['Commands:', [...commands, HELP_COMMAND]],
    ],
    width,
  );
}

/** Help of a group from its static metadata (the group must have `commands`). */
export function renderGroupHelp(host: HelpHost, group: HelpGroup, width = 80): string {
  const commands: Item[] = Object.entries(group.commands ?? {}).map(([name, c]) => [
    `${name}${c.options && Object.keys(c.options).length ? ' [options]' : ''}${c.args?.length ? ` ${c.args.join(' ')}` : ''}`,
    c.description ?? '',
  ]);
  if (!group.commands?.version) commands.push(['version', `print the version of ${group.package}`]);
  return page(
    `${host.name} ${group.name} [options] [command]`,
    group.description,
    [
      ['Options:', [['-h, --help', 'show help']]],
      ['Global Options:', globalItems(host)],
      ['Commands:', [...commands, HELP_COMMAND]],
    ],
    width,
  );
}

/**
 * Print the help a help-only command line asks for; undefined when this group's
 * help needs its plugin (built-in groups, plugin objects, no static `commands`).
 */
export function answerHelp(
  host: HelpHost,
  request: HelpRequest,
  groups: readonly HelpGroup[],
  flags: SharedFlags,
  streams: { stdout: Sink; stderr: Sink },
): number | undefined {
  if (request.group === undefined) {
    write(streams.stdout, renderRootHelp(host, groups, helpWidth(streams.stdout)));
    return OK;
  }
  const group = groups.find((g) => g.name === request.group);
  if (!group?.commands) return undefined;
  const stream = request.usage ? streams.stderr : streams.stdout;
  write(stream, renderGroupHelp(host, group, helpWidth(stream)));
  if (!request.usage) return OK;
  if (flags.json) {
    const message = `${host.name}: "${group.name}" needs a command, e.g. \`${host.name} ${group.name} <command>\`.`;
    write(streams.stderr, `${JSON.stringify({ error: { code: 'PB_CLI_USAGE', message } })}\n`);
  }
  return USAGE;
}

/**
 * argv without the host's own global options (`--cwd <dir>`, `--cwd=<dir>`), which
 * do not change help; undefined when one lacks its value (the full CLI reports it).
 */
function withoutGlobalOptions(argv: readonly string[], options: ReadonlyArray<CliGlobalOption>) {
  if (options.length === 0) return argv;
  const takes = new Map(options.map((o) => [o.flags.split(/[ ,]/)[0]!, /[<[]/.test(o.flags)]));
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...rest, ...argv.slice(i)];
    const name = arg.split('=')[0]!;
    if (!takes.has(name)) rest.push(arg);
    else if (takes.get(name) && !arg.includes('=')) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
    }
  }
  return rest;
}

/**
 * Answer a help-only command line from a warm command index, loading nothing
 * but this module. Undefined (nothing written) when the full CLI is needed.
 */
export function tryFastHelp(
  host: HelpHost,
  argv: readonly string[] = process.argv.slice(2),
): number | undefined {
  const own = withoutGlobalOptions(argv, host.globalOptions ?? []);
  if (!own) return undefined;
  const { flags, rest } = splitSharedFlags(own);
  const request = helpRequest(rest);
  if (!request || host.cache === false) return undefined;
  try {
    const scope = discoveryScope(host, host.env ?? process.env);
    const index = scope.cache && readCommandIndex(scope.cache.commands, scope.key);
    if (!index) return undefined;
    const claimed = claimGroups([...index.groups, ...bundledCandidates(host)], host.name);
    const groups = helpGroups(claimed.groups.values());
    if (request.group !== undefined && !groups.find((g) => g.name === request.group)?.commands)
      return undefined;
    const stdout = host.stdout ?? 1;
    const stderr = host.stderr ?? 2;
    for (const problem of [...index.problems, ...claimed.problems])
      write(stderr, `warning: ${problem.message}\n`);
    return answerHelp(host, request, groups, flags, { stdout, stderr });
  } catch {
    return undefined; // anything odd: the full CLI decides
  }
}

/**
 * A bin's whole body: help from the command index when that is all the command
 * line asks for, otherwise `load()` the CLI (a dynamic import) and run it.
 * Sets `process.exitCode` and resolves to it.
 */
export async function runBin(
  host: HelpHost,
  load: () =>
    | { run(argv: readonly string[]): Promise<number> }
    | Promise<{ run(argv: readonly string[]): Promise<number> }>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<number> {
  const code = tryFastHelp(host, argv) ?? (await (await load()).run(argv));
  process.exitCode = code;
  return code;
}
