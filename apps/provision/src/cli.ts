import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CreateCliOptions, createCli, defineCliPlugin } from '@plugboard/cli';

/** The app's folder: its package.json dependencies are the bundled plugins. */
export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * What help needs to know about provision, as plain data shared with bin/provision.cjs,
 * which answers `--help` from it and the command index without loading this module.
 */
const HOST = JSON.parse(readFileSync(new URL('../host.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  description: string;
  plugins: [{ name: 'self'; description: string }];
};

/** A plugin of the host itself, passed as an object rather than discovered. */
const self = defineCliPlugin({
  ...HOST.plugins[0],
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
    ...HOST,
    root: APP_ROOT,
    plugins: [self],
    ...options,
  });
}
