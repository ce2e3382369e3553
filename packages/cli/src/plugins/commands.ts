import type { Command } from 'commander';
import type { HostState } from '../host.js';

/** `plugins list|install|uninstall|link|update`. */
export function registerPluginCommands(program: Command, state: HostState): void {
  const plugins = program.command('plugins').description('list, install, link, update and remove plugins');
  plugins
    .command('list')
    .alias('ls')
    .description('list command groups and where they come from')
    .action(() => {
      const rows = [...state.registry.groups.values()].map((g) => ({
        group: g.name,
        package: g.package.name,
        version: g.package.version,
        source: g.source,
        description: g.description,
      }));
      if (state.flags.json) state.io.print(JSON.stringify(rows, null, 2));
      else for (const r of rows) state.io.print(`${r.group}\t${r.package}@${r.version}\t(${r.source})`);
    });
}
