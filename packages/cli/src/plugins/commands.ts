import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, CliErrorCodes } from '../errors.js';
import type { HostState } from '../host.js';
import { checkCandidate } from './check.js';
import { runNpm } from './npm.js';
import { createProgress } from './progress.js';
import {
  ensureUserDir,
  linkAdapter,
  readUserManifest,
  restore,
  snapshot,
  specName,
  writeLinks,
} from './store.js';

function npmOptions(state: HostState) {
  return {
    cliName: state.cliName,
    cwd: state.paths.pluginsDir,
    env: state.env,
    command: state.options.npm?.command,
    registry: state.options.npm?.registry,
  };
}

function result(state: HostState, data: unknown, text: string): void {
  state.io.print(state.flags.json ? JSON.stringify(data, null, 2) : text);
}

/**
 * Run an npm change, then check every plugin it touched; when one is rejected,
 * put package.json and the lockfile back and let npm restore node_modules.
 */
async function transaction(
  state: HostState,
  label: string,
  npmArgs: string[],
  touched: (before: Record<string, string>, after: Record<string, string>) => string[],
) {
  const dir = state.paths.pluginsDir;
  ensureUserDir(dir, state.cliName);
  const snap = snapshot(dir);
  const before = readUserManifest(dir, state.cliName).dependencies;
  const progress = await createProgress(state);
  progress.start(label);
  try {
    await runNpm(npmArgs, npmOptions(state));
  } catch (error) {
    restore(dir, snap);
    linkAdapter(dir);
    progress.fail(`${label} failed`);
    throw error;
  }
  const after = readUserManifest(dir, state.cliName).dependencies;
  const checked = [];
  try {
    progress.update('Checking compatibility');
    for (const name of touched(before, after)) {
      checked.push(await checkCandidate(resolve(dir, 'node_modules', name), state.cliName));
    }
  } catch (error) {
    progress.update('Rolling back');
    restore(dir, snap);
    try {
      await runNpm(['install'], npmOptions(state));
    } catch (rollback) {
      throw new CliError(
        CliErrorCodes.INSTALL_FAILED,
        `${(error as Error).message} Rolling back also failed (${(rollback as Error).message}); run \`npm install\` in ${dir}.`,
        { cause: error },
      );
    } finally {
      linkAdapter(dir);
    }
    progress.fail(`${label}: rejected, rolled back`);
    throw error;
  }
  linkAdapter(dir);
  // stop the spinner: on a terminal its timer would otherwise keep the process running
  progress.done(`${label}: done`);
  return checked;
}

const changed = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys(after).filter((n) => before[n] !== after[n]);

/** `plugins list|install|uninstall|link|update`. */
export function registerPluginCommands(program: Command, state: HostState): void {
  const plugins = program.command('plugins').description('list, install, link, update and remove plugins');
  plugins
    .command('list')
    .alias('ls')
    .description('list command groups and where they come from (linked > user > bundled)')
    .action(() => {
      const rows = [...state.registry.groups.values()].map((g) => ({
        group: g.name,
        package: g.package.name,
        version: g.package.version,
        source: g.source === 'path' ? 'linked' : g.source === 'dependencies' ? 'bundled' : g.source,
        description: g.description,
      }));
      const width = Math.max(5, ...rows.map((r) => r.group.length));
      result(
        state,
        rows,
        rows.length === 0
          ? 'No plugins.'
          : rows.map((r) => `${r.group.padEnd(width)}  ${r.package}@${r.version} (${r.source})`).join('\n'),
      );
    });

  plugins
    .command('install')
    .alias('add')
    .description('install a plugin from the npm registry into the user plugin directory')
    .argument('<package>', 'npm package, optionally with a version range: name@^1.2.0')
    .action(async (spec: string) => {
      if (state.flags.dryRun) return result(state, { install: spec, dryRun: true }, `Would install ${spec}.`);
      const name = specName(spec);
      const checked = await transaction(state, `Installing ${spec}`, ['install', '--save', spec], (b, a) =>
        name && name in a ? [name] : changed(b, a),
      );
      const done = checked.map((c) => ({ package: c.name, version: c.version, groups: c.groups }));
      result(
        state,
        done,
        done.map((c) => `Installed ${c.package}@${c.version} (commands: ${c.groups.join(', ')})`).join('\n'),
      );
    });

  plugins
    .command('update')
    .description('update user-installed plugins within their version ranges')
    .argument('[package]', 'only this plugin')
    .action(async (name?: string) => {
      const deps = readUserManifest(state.paths.pluginsDir, state.cliName).dependencies;
      if (name !== undefined && !(name in deps)) throw notInstalled(state, name);
      if (state.flags.dryRun) return result(state, { update: name ?? 'all', dryRun: true }, 'Would update.');
      const versions = () =>
        Object.fromEntries(
          [...state.registry.groups.values()].map((g) => [g.package.name, g.package.version] as const),
        );
      const old = versions();
      const checked = await transaction(
        state,
        `Updating ${name ?? 'plugins'}`,
        ['update', ...(name ? [name] : [])],
        (_b, a) => (name ? [name] : Object.keys(a)),
      );
      const rows = checked.map((c) => ({ package: c.name, from: old[c.name], to: c.version }));
      result(
        state,
        rows,
        rows.length === 0
          ? 'No plugins to update.'
          : rows
              .map(
                (r) => `${r.package}: ${r.from === r.to ? `${r.to} (up to date)` : `${r.from} -> ${r.to}`}`,
              )
              .join('\n'),
      );
    });

  plugins
    .command('uninstall')
    .aliases(['remove', 'unlink'])
    .description('remove a user-installed or linked plugin')
    .argument('<package>', 'package name (or linked folder)')
    .action(async (name: string) => {
      const dir = state.paths.pluginsDir;
      const linked = state.links.find(
        (l) =>
          resolve(l) === resolve(name) ||
          [...state.registry.groups.values()].some(
            (g) => g.source === 'path' && g.package.name === name && g.package.dir === l,
          ),
      );
      if (linked) {
        if (!state.flags.dryRun)
          writeLinks(
            dir,
            state.links.filter((l) => l !== linked),
          );
        return result(
          state,
          { unlinked: linked },
          `${state.flags.dryRun ? 'Would unlink' : 'Unlinked'} ${linked}.`,
        );
      }
      const deps = readUserManifest(dir, state.cliName).dependencies;
      if (!(name in deps)) throw notInstalled(state, name);
      if (state.flags.dryRun)
        return result(state, { uninstall: name, dryRun: true }, `Would uninstall ${name}.`);
      await transaction(state, `Uninstalling ${name}`, ['uninstall', name], () => []);
      result(state, { uninstalled: name }, `Uninstalled ${name}.`);
    });

  plugins
    .command('link')
    .description('use a plugin from a local folder (takes precedence over installed ones)')
    .argument('<path>', 'the plugin package folder')
    .action(async (path: string) => {
      const dir = resolve(path);
      const checked = await checkCandidate(dir, state.cliName).catch((error: unknown) => {
        if (error instanceof CliError && error.code === CliErrorCodes.NOT_A_PLUGIN) {
          throw new CliError(CliErrorCodes.LINK_INVALID, error.message, { path: dir, cause: error });
        }
        throw error;
      });
      if (!state.flags.dryRun) writeLinks(state.paths.pluginsDir, [...state.links, checked.dir]);
      result(
        state,
        { linked: checked.dir, package: checked.name, groups: checked.groups },
        `${state.flags.dryRun ? 'Would link' : 'Linked'} ${checked.name}@${checked.version} from ${checked.dir} (commands: ${checked.groups.join(', ')})`,
      );
    });
}

function notInstalled(state: HostState, name: string): CliError {
  const bundled = [...state.registry.groups.values()].some((g) => g.package.name === name);
  return new CliError(
    CliErrorCodes.NOT_INSTALLED,
    bundled
      ? `${state.cliName}: ${name} is bundled with ${state.cliName} and cannot be removed or updated on its own.`
      : `${state.cliName}: ${name} is not installed; \`${state.cliName} plugins list\` shows what is.`,
    { package: name },
  );
}
