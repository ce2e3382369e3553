import { defineWebPlugin } from '@plugboard/web';
import { summarize, vaultPath } from './vault-file.js';

/**
 * A web host feature: `GET /api/vault/status`, shown as an admin dashboard widget:
 * whether the vault file is readable and how many secrets it holds, never names or
 * values. The file is the plugin's `file` option, relative to the host's cwd.
 */
export const vaultStatus = defineWebPlugin<{ file: string }>({
  name: 'vault',
  routes(app, ctx) {
    const file = () => vaultPath(ctx.config.file || undefined, process.cwd());
    app.get('/status', async () => {
      const summary = await summarize(file());
      // the widget (`kind: stat`): one figure and a caption
      return {
        label: summary.readable ? 'secrets' : 'vault unreadable',
        value: summary.secrets.length,
        ...(summary.problem ? { problem: summary.problem } : {}),
      };
    });
  },
});
