import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { coerceText, suggestion } from '@plugboard/core';
import type { Command } from 'commander';
import { CliError, CliErrorCodes, ExitCodes } from '../errors.js';
import type { HostState } from '../host-state.js';
import { withLock } from '../lock.js';
import { readUserConfig, removeUserConfig, type UserConfig, writeUserConfig } from './file.js';
import { resolvePluginConfig } from './resolve.js';

async function effective(state: HostState, name: string, user: UserConfig) {
  const entry = state.groups.get(name);
  if (!entry) {
    const known = [...state.groups.keys()];
    throw new CliError(
      CliErrorCodes.USAGE,
      `no plugin "${name}".${suggestion(name, known)} \`${state.cliName} plugins list\` shows the installed ones.`,
      { cli: state.cliName },
    );
  }
  const plugin = await entry.plugin.load();
  return resolvePluginConfig({
    cliName: state.cliName,
    group: name,
    plugin,
    user,
    env: state.env,
    file: state.paths.configFile,
    warn: state.io.warn,
  });
}

/** The value a key holds now (file, else default), whose type `--set` text converts to. */
function current(path: string[], ...trees: unknown[]): unknown {
  for (const tree of trees) {
    let node = tree;
    for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
    if (node !== undefined) return node;
  }
  return undefined;
}

/** Parse `a.b=value`; the text converts by core's one rule (coerceText), like env vars. */
function parseAssignment(state: HostState, assignment: string): [string[], string] {
  const at = assignment.indexOf('=');
  if (at <= 0) {
    throw new CliError(
      CliErrorCodes.USAGE,
      `--set expects key=value (e.g. greeting=Hi), got "${assignment}".`,
      { cli: state.cliName },
    );
  }
  return [assignment.slice(0, at).split('.'), assignment.slice(at + 1)];
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** The config file's lock: every read-modify-write of it holds this. */
function withConfig<T>(state: HostState, fn: () => Promise<T>): Promise<T> {
  const waitMs = state.options.lockWaitMs ?? 30_000;
  const o = { cliName: state.cliName, what: 'the config file', waitMs, variable: 'XDG_CONFIG_HOME' } as const;
  return withLock(state.paths.configFile, o, fn);
}

/** `config view|edit|reset`. */
export function registerConfigCommands(program: Command, state: HostState): void {
  const config = program.command('config').description('view, edit or reset the configuration');
  const { stringify } = { stringify: async (v: unknown) => (await import('yaml')).stringify(v) };

  config
    .command('view')
    .description('show the effective configuration (defaults + config file + env vars)')
    .argument('[plugin]', 'only this plugin')
    .action(async (only?: string) => {
      const user = await readUserConfig(state.paths.configFile, state.cliName, only);
      const plugins: Record<string, unknown> = {};
      let failed = 0;
      for (const name of only ? [only] : [...state.groups.keys()]) {
        try {
          plugins[name] = await effective(
            state,
            name,
            only ? user : await readUserConfig(state.paths.configFile, state.cliName, name),
          );
        } catch (error) {
          if (only) throw error;
          // One broken plugin must not hide the others' configuration.
          failed++;
          state.stderr.write(`${(error as Error).message}\n`);
        }
      }
      const data = { file: state.paths.configFile, exists: existsSync(state.paths.configFile), plugins };
      state.io.print(
        state.flags.json
          ? JSON.stringify(data, null, 2)
          : `# ${data.file}${data.exists ? '' : ' (not created yet)'} merged with defaults and env vars\n${(await stringify({ plugins })).trimEnd()}`,
      );
      if (failed) state.io.debug(`${failed} plugin(s) could not be loaded`);
    });

  config
    .command('edit')
    .description('edit the config file ($VISUAL/$EDITOR), or set values with --set')
    .argument('[plugin]', 'plugin whose settings --set changes')
    .option('--set <key=value...>', 'set a value without an editor, e.g. --set greeting=Hi')
    .action(async (plugin: string | undefined, opts: { set?: string[] }) => {
      const file = state.paths.configFile;
      if (opts.set?.length) {
        if (!plugin)
          throw new CliError(
            CliErrorCodes.USAGE,
            `--set needs the plugin name: \`${state.cliName} config edit <plugin> --set key=value\`.`,
            { cli: state.cliName },
          );
        const entry = state.groups.get(plugin);
        const defaults = entry ? (await entry.plugin.load()).defaults : {};
        // read, change and write under the file's lock, so two edits never lose one
        const done = await withConfig(state, async () => {
          const user = await readUserConfig(file, state.cliName, plugin);
          const settings = { ...(user.plugins?.[plugin] ?? {}) };
          for (const assignment of opts.set!) {
            const [path, text] = parseAssignment(state, assignment);
            setPath(settings, path, coerceText(text, current(path, settings, defaults)));
          }
          const next: UserConfig = { ...user, plugins: { ...user.plugins, [plugin]: settings } };
          // Validate before writing, so a bad value never reaches the file.
          const value = await effective(state, plugin, next);
          if (!state.flags.dryRun) await writeUserConfig(file, next, state.cliName);
          return { next, value };
        });
        if (state.flags.dryRun) {
          state.io.print(
            state.flags.json
              ? JSON.stringify({ dryRun: true, plugin, config: done.value }, null, 2)
              : `Would write ${file}:\n${await stringify(done.next)}`,
          );
          return;
        }
        state.io.print(
          state.flags.json
            ? JSON.stringify({ file, plugin, config: done.value }, null, 2)
            : `Updated ${file}.`,
        );
        return;
      }
      if (!state.interactive) {
        throw new CliError(
          CliErrorCodes.PROMPT_UNAVAILABLE,
          `config edit opens an editor, which needs a terminal; use \`${state.cliName} config edit <plugin> --set key=value\` instead.`,
          { cli: state.cliName, exitCode: ExitCodes.USAGE },
        );
      }
      if (!existsSync(file)) await writeUserConfig(file, { plugins: {} }, state.cliName);
      const editor = state.env.VISUAL || state.env.EDITOR || 'vi';
      const r = spawnSync(editor, [file], { stdio: 'inherit', shell: true, env: state.env });
      if (r.status !== 0)
        throw new CliError(
          CliErrorCodes.COMMAND_FAILED,
          `the editor (${editor}) exited with ${r.status}; the file was left as it is.`,
          { cli: state.cliName },
        );
      await readUserConfig(file, state.cliName);
      state.io.print(`Saved ${file}.`);
    });

  config
    .command('reset')
    .description('remove your settings (of one plugin, or the whole file)')
    .argument('[plugin]', 'only this plugin')
    .action(async (plugin?: string) => {
      const file = state.paths.configFile;
      const what = plugin ? `the settings of "${plugin}" in ${file}` : file;
      if (!(await state.io.confirm(`Reset ${what}?`))) return;
      if (state.flags.dryRun) return state.io.print(`Would reset ${what}.`);
      await withConfig(state, async () => {
        if (!plugin) return removeUserConfig(file, state.cliName);
        // reset of one section works even when that section is the broken one
        const user = await readUserConfig(file, state.cliName, '');
        if (user.plugins && plugin in user.plugins) {
          delete user.plugins[plugin];
          await writeUserConfig(file, user, state.cliName);
        }
      });
      state.io.print(state.flags.json ? JSON.stringify({ reset: plugin ?? 'all', file }) : `Reset ${what}.`);
    });
}
