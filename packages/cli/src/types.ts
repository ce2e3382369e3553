// The contract of @plugboard/cli: what plugins export, what commands see, what hosts pass.
// Types only, so the import-free fast-help folder shares them with the full CLI.
import type { Readable, Writable } from 'node:stream';
import type { Host } from '@plugboard/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Command } from 'commander';

/** The modifiers every command accepts; parsed before any plugin loads. */
export interface SharedFlags {
  /** `--verbose`: print debug lines (`ctx.debug`) and the stack of a failed command on stderr. */
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

/** Where a host keeps its files. */
export interface CliPaths {
  configDir: string;
  configFile: string;
  dataDir: string;
  /** The user plugin directory: a package.json + node_modules managed with npm. */
  pluginsDir: string;
}

/** Where a command group came from, in the words every message and `plugins list` use. */
export type CliOrigin = 'linked' | 'user' | 'bundled';

export interface PromptOptions<T> {
  /** Answer used under `--non-interactive` or without a TTY. Without it the prompt fails (exit 2). */
  default?: T;
}

export interface SelectOption<T extends string> {
  value: T;
  label?: string;
  hint?: string;
}

/** What a command sees: its plugin's validated configuration, the shared flags and I/O helpers. */
export interface CliContext<Config extends object = object> {
  /** The host CLI. */
  readonly cli: { readonly name: string; readonly version: string };
  /** The plugin this context belongs to (its command group name, package and version). */
  readonly plugin: { readonly name: string; readonly package: string; readonly version: string };
  /** Plugin defaults deep-merged with the user file and env vars, then validated. */
  readonly config: Config;
  readonly flags: Readonly<SharedFlags>;
  /** True when prompts may be shown: stdin and stdout are TTYs and `--non-interactive` is off. */
  readonly interactive: boolean;
  /** Where the host keeps its files (`pluginsDir`: the user plugin folder `plugins install` manages). */
  readonly paths: { readonly configFile: string; readonly dataDir: string; readonly pluginsDir: string };
  /**
   * The plugins `plugins install|link` put in place, as core's discovery sources
   * (`paths`: linked folders, `userDir`: the user plugin folder): give them to a
   * host of `pluginHosts` so it finds the same plugins.
   */
  readonly pluginSources: { readonly paths: readonly string[]; readonly userDir: string };
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Write one line to stdout (human output). */
  print(text: string): void;
  /**
   * Result of a command: with `--json` the data as JSON on stdout, otherwise `text`
   * (or the data rendered as YAML when no text is given).
   */
  output(data: unknown, text?: string | ((data: unknown) => string)): void;
  /** A line on stderr, shown only with `--verbose`. */
  debug(text: string): void;
  /** A warning line on stderr. */
  warn(text: string): void;
  /** Ask yes/no. `--yes` answers true without asking. */
  confirm(message: string, options?: PromptOptions<boolean>): Promise<boolean>;
  text(message: string, options?: PromptOptions<string> & { placeholder?: string }): Promise<string>;
  select<T extends string>(
    message: string,
    options: PromptOptions<T> & { options: ReadonlyArray<SelectOption<T>> },
  ): Promise<T>;
  /** Stop the command with a message on stderr and an exit code (default 1). */
  fail(message: string, exitCode?: number): never;
}

/**
 * A CLI plugin: one command group with its default configuration.
 * Export it as the default export of the module named by `plugboard.entryPoints.cli.<group>`.
 */
export interface CliPlugin<Config extends object = object> {
  /** The command group name; must equal the entry point name. Lower-case letters, digits, `-`. */
  name: string;
  /** Group description (help shows the static `plugboard.cli` metadata instead, when present). */
  description?: string;
  /** Default configuration, the base the user file and env vars are merged onto. */
  defaults: Config;
  /** Validates the merged configuration (any Standard Schema: zod, valibot, arktype…). */
  configSchema?: StandardSchemaV1<unknown, Config>;
  /**
   * Register the group's commands on `group` (a commander `Command`). Called only
   * when a command of this group runs, after the configuration was loaded.
   */
  commands(group: Command, ctx: CliContext<Config>): void | Promise<void>;
}

export interface CreateCliOptions extends CliLockOptions {
  /** Command name (also the config/data folder name and the env var prefix). */
  name: string;
  version: string;
  description?: string;
  /** The host's own plugins, passed as objects (lowest precedence). */
  plugins?: ReadonlyArray<CliPlugin>;
  /**
   * The host package's directory: plugins among its package.json dependencies are
   * bundled plugins, and the discovery index is cached under its node_modules.
   * Omit to discover no bundled plugin packages.
   */
  root?: string;
  /** Config folder. Default `$XDG_CONFIG_HOME/<name>` or `~/.config/<name>`. */
  configDir?: string;
  /** Data folder (user plugins live in `<dataDir>/plugins`). Default `$XDG_DATA_HOME/<name>` or `~/.local/share/<name>`. */
  dataDir?: string;
  /** Environment (config env vars, XDG paths, npm). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  stdout?: Writable;
  stderr?: Writable;
  stdin?: Readable;
  /** Whether a user is at the terminal. Default: stdin and stdout are TTYs. */
  interactive?: boolean;
  /** npm used by `plugins install|update|uninstall`. */
  npm?: {
    /** Executable. Default `npm`. */
    command?: string;
    /** Registry URL; default whatever npm's own config says. */
    registry?: string;
  };
  /**
   * Options every command accepts that the host takes out of argv itself before
   * calling `run()` (e.g. `--cwd <dir>`); listed in help as global options.
   */
  globalOptions?: ReadonlyArray<CliGlobalOption>;
  /**
   * Discovery index (core's one index file, which also holds this host's view for
   * help): `true` (default) keeps it in `<dataDir>/cache`, a string is another folder,
   * `false` disables it.
   */
  cache?: boolean | string;
  /**
   * Hosts of other plugin kinds (made with core's `defineHost`, e.g. `webHost`) whose
   * plugins `plugins install|link|list|update|uninstall` also manage. They share the
   * user plugin folder and the links; a command finds them with `ctx.pluginSources`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: hosts of any plugin and metadata type
  pluginHosts?: ReadonlyArray<Host<any, any>>;
}

export interface CliLockOptions {
  /**
   * How long a command waits for another one holding the same shared file (the
   * plugin folder, links.json, the config file) before failing with PB_CLI_BUSY.
   * Default 120 s for the plugin folder, 30 s for the config file.
   */
  lockWaitMs?: number;
}

export interface Cli {
  readonly name: string;
  readonly version: string;
  /** Run with user arguments (no `node` and script path). Resolves to the exit code; never exits. */
  run(argv: readonly string[]): Promise<number>;
}
