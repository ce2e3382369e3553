import type { Command } from 'commander';
import type { HostState } from '../host.js';
import { readUserConfig } from './file.js';
import { resolvePluginConfig } from './resolve.js';

/** `config view|edit|reset`. */
export function registerConfigCommands(program: Command, state: HostState): void {
  const config = program.command('config').description('view, edit or reset the configuration');
  config
    .command('view')
    .description('show the effective configuration (defaults + config file + env)')
    .argument('[plugin]', 'only this plugin')
    .action(async (only?: string) => {
      const user = await readUserConfig(state.paths.configFile, state.cliName);
      const out: Record<string, unknown> = {};
      for (const entry of state.registry.groups.values()) {
        if (only && entry.name !== only) continue;
        const plugin = await entry.load();
        out[entry.name] = await resolvePluginConfig({
          cliName: state.cliName,
          group: entry.name,
          plugin,
          user,
          env: state.env,
          file: state.paths.configFile,
        });
      }
      state.io.print(JSON.stringify({ file: state.paths.configFile, plugins: out }, null, 2));
    });
}
