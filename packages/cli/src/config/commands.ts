import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, CliErrorCodes, ExitCodes } from '../errors.js';
import type { HostState } from '../host.js';
import { readUserConfig, type UserConfig, writeUserConfig } from './file.js';
import { resolvePluginConfig } from './resolve.js';

async function effective(state: HostState, name: string, user: UserConfig) {
  const entry = state.registry.groups.get(name);
  if (!entry) {
    throw new CliError(
      CliErrorCodes.USAGE,
      `${state.cliName}: no plugin "${name}"; \`${state.cliName} plugins list\` shows the installed ones.`,
    );
  }
  const plugin = await entry.load();
  return resolvePluginConfig({
    cliName: state.cliName,
    group: name,
    plugin,
    user,
    env: state.env,
    file: state.paths.configFile,
  });
}

/** Parse `a.b=value`; the value is read as YAML so numbers, booleans and lists keep their type. */
async function parseAssignment(state: HostState, assignment: string): Promise<[string[], unknown]> {
  const at = assignment.indexOf('=');
  if (at <= 0) {
    throw new CliError(
      CliErrorCodes.USAGE,
      `${state.cliName}: --set expects key=value (e.g. greeting=Hi), got "${assignment}".`,
    );
  }
  const { parse } = await import('yaml');
  const raw = assignment.slice(at + 1);
  let value: unknown = raw;
  try {
    value = parse(raw);
  } catch {
    // not YAML: keep the text
  }
  return [assignment.slice(0, at).split('.'), value];
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
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
      const user = await readUserConfig(state.paths.configFile, state.cliName);
      const plugins: Record<string, unknown> = {};
      let failed = 0;
      for (const name of only ? [only] : [...state.registry.groups.keys()]) {
        try {
          plugins[name] = await effective(state, name, user);
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
            `${state.cliName}: --set needs the plugin name: \`${state.cliName} config edit <plugin> --set key=value\`.`,
          );
        const user = await readUserConfig(file, state.cliName);
        const settings = { ...(user.plugins?.[plugin] ?? {}) };
        for (const assignment of opts.set) {
          const [path, value] = await parseAssignment(state, assignment);
          setPath(settings, path, value);
        }
        const next: UserConfig = { ...user, plugins: { ...user.plugins, [plugin]: settings } };
        // Validate before writing, so a bad value never reaches the file.
        const value = await effective(state, plugin, next);
        if (state.flags.dryRun) {
          state.io.print(
            state.flags.json
              ? JSON.stringify({ dryRun: true, plugin, config: value }, null, 2)
              : `Would write ${file}:\n${await stringify(next)}`,
          );
          return;
        }
        await writeUserConfig(file, next);
        state.io.print(
          state.flags.json ? JSON.stringify({ file, plugin, config: value }, null, 2) : `Updated ${file}.`,
        );
        return;
      }
      if (!state.interactive) {
        throw new CliError(
          CliErrorCodes.PROMPT_UNAVAILABLE,
          `${state.cliName}: config edit opens an editor, which needs a terminal; use \`${state.cliName} config edit <plugin> --set key=value\` instead.`,
          { exitCode: ExitCodes.USAGE },
        );
      }
      if (!existsSync(file)) await writeUserConfig(file, { plugins: {} });
      const editor = state.env.VISUAL || state.env.EDITOR || 'vi';
      const r = spawnSync(editor, [file], { stdio: 'inherit', shell: true, env: state.env });
      if (r.status !== 0)
        throw new CliError(
          CliErrorCodes.COMMAND_FAILED,
          `${state.cliName}: the editor (${editor}) exited with ${r.status}; the file was left as it is.`,
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
      if (!plugin) rmSync(file, { force: true });
      else {
        const user = await readUserConfig(file, state.cliName);
        if (user.plugins && plugin in user.plugins) {
          delete user.plugins[plugin];
          await writeUserConfig(file, user);
        }
      }
      state.io.print(state.flags.json ? JSON.stringify({ reset: plugin ?? 'all', file }) : `Reset ${what}.`);
    });
}
