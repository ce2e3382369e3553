import type { Command } from 'commander';
import { readUserConfig } from './config/file.js';
import { resolvePluginConfig } from './config/resolve.js';
import { createContext } from './context.js';
import { CliError, CliErrorCodes } from './errors.js';
import type { HostState } from './host.js';
import type { GroupEntry } from './registry/registry.js';

export function addVersionCommand(group: Command, entry: GroupEntry): void {
  if (group.commands.some((c) => c.name() === 'version')) return;
  group
    .command('version')
    .description(`print the version of ${entry.package.name}`)
    .action(() => {
      group.parent?.configureOutput().writeOut?.(`${entry.package.name} ${entry.package.version}\n`);
    });
}

/** Import the routed plugin, resolve its configuration and let it register its commands. */
export async function mountGroup(program: Command, entry: GroupEntry, state: HostState): Promise<void> {
  const group = program.command(entry.name).description(entry.description);
  const plugin = await entry.load();
  const user = await readUserConfig(state.paths.configFile, state.cliName);
  const config = await resolvePluginConfig({
    cliName: state.cliName,
    group: entry.name,
    plugin,
    user,
    env: state.env,
    file: state.paths.configFile,
  });
  const { stringify } = await import('yaml');
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
      paths: { configFile: state.paths.configFile, dataDir: state.paths.dataDir },
    },
    (data) => stringify(data),
  );
  try {
    await plugin.commands(group, ctx);
  } catch (error) {
    throw new CliError(
      CliErrorCodes.PLUGIN_LOAD_FAILED,
      `${state.cliName}: the "${entry.name}" plugin (${entry.package.name}@${entry.package.version}) failed while registering its commands: ${error instanceof Error ? error.message : String(error)}. Other commands still work; update or uninstall the plugin.`,
      { package: entry.package.name, plugin: entry.name, cause: error },
    );
  }
  addVersionCommand(group, entry);
}
