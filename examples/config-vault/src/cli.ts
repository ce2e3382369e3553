import { defineCliPlugin } from '@plugboard/cli';
import { summarize, vaultPath } from './vault-file.js';

/**
 * `vault keys` and `vault check` for a cli host: the names in the vault file the
 * VAULT resolver reads, never their values. The file is `plugins.vault.file`
 * (relative to the working directory), else `VAULT_FILE`, else `./vault.json`.
 */
export const vaultCommands = defineCliPlugin({
  name: 'vault',
  description: 'inspect the local secrets vault (names only, never values)',
  defaults: { file: '' },
  commands(group, ctx) {
    const file = () => vaultPath(ctx.config.file || process.env.VAULT_FILE, process.cwd());
    group
      .command('keys')
      .description('list the secret names in the vault file')
      .action(async () => {
        const summary = await summarize(file());
        if (!summary.readable) ctx.fail(`vault: ${summary.problem}`);
        ctx.output(summary.secrets, summary.secrets.join('\n'));
      });
    group
      .command('check')
      .description('check that the vault file is readable JSON')
      .action(async () => {
        const summary = await summarize(file());
        if (!summary.readable) ctx.fail(`vault: ${summary.problem}`);
        ctx.output(summary, `${summary.file}: ${summary.secrets.length} secrets`);
      });
  },
});
