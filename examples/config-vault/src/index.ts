import { defineResolver } from '@plugboard/config';
import { lookup, VaultFile, vaultPath } from './vault-file.js';

/**
 * `VAULT:///db/password` or `${VAULT:db.password}`: a secret from a local
 * JSON vault file. The file is `resolverOptions.VAULT.file`, else the
 * `VAULT_FILE` environment variable, else `vault.json` in the host's cwd.
 * When the host watches, an edited vault pushes new values with onUpdate.
 */
export const vaultResolver = defineResolver({
  prefix: 'VAULT',
  secret: true,
  description: 'Secrets from a local JSON vault file',
  setup(ctx) {
    const configured = typeof ctx.options.file === 'string' ? ctx.options.file : ctx.environment.VAULT_FILE;
    return new VaultFile(vaultPath(configured, ctx.cwd), ctx.watch, ctx.signal);
  },
  async resolve(path, ctx) {
    const vault = ctx.state;
    let data: unknown;
    try {
      data = await vault.read();
    } catch (error) {
      // JSON.parse quotes the text around a syntax error: never pass that on, it is vault content
      const why =
        error instanceof SyntaxError ? 'it is not valid JSON' : (error as Error).message.split('\n')[0];
      throw new Error(
        `VAULT: cannot read the vault file ${vault.file} (${why}). Fix the file or the VAULT file option.`,
      );
    }
    const off = vault.onChange(() => {
      vault.read().then(
        (next) => ctx.onUpdate(lookup(next, path)),
        (error: unknown) => ctx.logger.warn(`VAULT: ignoring an unreadable vault file: ${String(error)}`),
      );
    });
    ctx.signal.addEventListener('abort', off, { once: true });
    return lookup(data, path);
  },
});

export default vaultResolver;
// The cli and web parts are entry points of their own (./dist/cli.js, ./dist/web.js): they
// import their host's adapter, which a config-only project does not have installed.
export { secretNames, summarize, type VaultSummary, vaultPath } from './vault-file.js';
