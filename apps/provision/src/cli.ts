import { fileURLToPath } from 'node:url';
import { type CreateCliOptions, createCli, defineCliPlugin } from '@plugboard/cli';

/** The app's folder: its package.json dependencies are the bundled plugins. */
export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A plugin of the host itself, passed as an object rather than discovered. */
const self = defineCliPlugin({
  name: 'self',
  description: 'where provision keeps its files',
  defaults: {},
  commands(group, ctx) {
    group
      .command('paths')
      .description('print the config file and data folder')
      .action(() => {
        const data = { configFile: ctx.paths.configFile, dataDir: ctx.paths.dataDir };
        ctx.output(data, `config  ${data.configFile}\ndata    ${data.dataDir}`);
      });
  },
});

export type ProvisionOptions = Partial<Omit<CreateCliOptions, 'name' | 'version'>>;

/** `provision`: Provisioner's shape (plugin command groups + their own config) on @plugboard/cli. */
export function createProvision(options: ProvisionOptions = {}) {
  return createCli({
    name: 'provision',
    version: '0.0.0',
    description: 'Provision and inspect machines; every command group comes from a plugin.',
    root: APP_ROOT,
    plugins: [self],
    ...options,
  });
}
