import { type CreateCliOptions, createCli, defineCliPlugin } from '@plugboard/cli';
import { PROVISION, SELF } from './host.js';

export { APP_ROOT } from './host.js';

/** A plugin of the host itself, passed as an object rather than discovered. */
const self = defineCliPlugin({
  ...SELF,
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
    ...PROVISION,
    plugins: [self],
    ...options,
  });
}
