import { createRequire } from 'node:module';
import { ErrorCodes } from '@plugboard/core';
import type { Command } from 'commander';
import { readUserConfig } from './config/file.js';
import { resolvePluginConfig } from './config/resolve.js';
import { createContext } from './context.js';
import { CliError, CliErrorCodes } from './errors.js';
import { type GroupEntry, loadError } from './groups.js';
import { cliHost } from './host/definition.js';
import type { HostState } from './host-state.js';
import type { CliPlugin } from './types.js';

/** `<group> version`: only on groups with subcommands (on a leaf, "version" is an argument). */
export function addVersionCommand(group: Command, entry: GroupEntry, json: boolean): void {
  if (group.commands.some((c) => c.name() === 'version')) return;
  group
    .command('version')
    .description(`print the version of ${entry.package.name}`)
    .action(() => {
      const text = `${entry.package.name} ${entry.package.version}`;
      const data = { group: entry.name, package: entry.package.name, version: entry.package.version };
      group.parent?.configureOutput().writeOut?.(`${json ? JSON.stringify(data) : text}\n`);
    });
}

/** Lifecycle codes that mean "a group this one requires is not there", not "this one broke". */
const REQUIRE_CODES = new Set<string>([
  ErrorCodes.REQUIRE_MISSING,
  ErrorCodes.REQUIRE_INCOMPATIBLE,
  ErrorCodes.REQUIRE_CYCLE,
  ErrorCodes.DEPENDENCY_FAILED,
]);

/**
 * Bring the routed group up through the kit's lifecycle, with the groups it
 * requires (`plugboard.requires`) loaded first. A group whose requirement is
 * missing, incompatible or failed is refused with that real reason.
 */
export async function startGroup(
  entry: GroupEntry,
  state: HostState,
): Promise<{ plugin: CliPlugin; stop: () => Promise<unknown> }> {
  const life = cliHost.lifecycle(state.found, { only: [entry.name] });
  const report = await life.start();
  const stop = () => life.stop();
  const mine = report.plugins.find((p) => p.id === entry.name);
  const plugin = life.instance(entry.name);
  if (mine?.state === 'skipped' || REQUIRE_CODES.has(mine?.error?.code ?? '')) {
    await stop();
    const why = mine?.error;
    throw new CliError(
      CliErrorCodes.REQUIRE_FAILED,
      `the "${entry.name}" commands from ${entry.package.name}@${entry.package.version} cannot run: ${why?.message ?? 'a group it requires is not available'} Install or fix the group it requires, then retry.`,
      {
        cli: state.cliName,
        package: entry.package.name,
        plugin: entry.name,
        details: { ...(why?.details ?? {}), reason: why?.code ?? 'unknown' },
        cause: why,
      },
    );
  }
  if (mine?.state === 'failed' || plugin === undefined) {
    await stop();
    throw loadError(state.cliName, entry, mine?.error);
  }
  return { plugin, stop };
}

/** Resolve the routed plugin's configuration and let it register its commands. */
export async function mountGroup(
  program: Command,
  entry: GroupEntry,
  plugin: CliPlugin,
  state: HostState,
): Promise<void> {
  const group = program.command(entry.name).description(entry.description);
  const user = await readUserConfig(state.paths.configFile, state.cliName, entry.name);
  const config = await resolvePluginConfig({
    cliName: state.cliName,
    group: entry.name,
    plugin,
    user,
    env: state.env,
    file: state.paths.configFile,
    warn: state.io.warn,
  });
  const ctx = createContext(
    {
      cliName: state.cliName,
      cliVersion: state.cliVersion,
      plugin: { name: entry.name, package: entry.package.name, version: entry.package.version },
      config,
      flags: state.flags,
      interactive: state.interactive,
      stdout: state.stdout,
      stderr: state.stderr,
      stdin: state.stdin,
      paths: {
        configFile: state.paths.configFile,
        dataDir: state.paths.dataDir,
        pluginsDir: state.paths.pluginsDir,
      },
      pluginSources: { paths: [...state.links], userDir: state.paths.pluginsDir },
    },
    // yaml (73 files) only when a command prints data without its own text
    (data) => (createRequire(import.meta.url)('yaml') as typeof import('yaml')).stringify(data),
  );
  try {
    await plugin.commands(group, ctx);
  } catch (error) {
    throw new CliError(
      CliErrorCodes.PLUGIN_LOAD_FAILED,
      `the "${entry.name}" plugin (${entry.package.name}@${entry.package.version}, ${entry.origin}) failed while registering its commands: ${error instanceof Error ? error.message : String(error)}. Other commands still work; update or uninstall the plugin.`,
      { cli: state.cliName, package: entry.package.name, plugin: entry.name, cause: error },
    );
  }
  if (group.commands.length > 0) addVersionCommand(group, entry, state.flags.json);
}
