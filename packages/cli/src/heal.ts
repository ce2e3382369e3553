import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreContext } from './plugins/transaction.js';
import type { CliPaths } from './types.js';

/**
 * Start-of-run repairs, each a stat or two when nothing is wrong: temp files of
 * killed atomic writes are swept, the store's @plugboard/cli link is put back,
 * and an install a killed command left half done is rolled back.
 */
export async function heal(paths: CliPaths, context: StoreContext): Promise<void> {
  const { linkAdapter, sweepTemp } = await import('./plugins/store.js');
  for (const dir of [paths.configDir, paths.pluginsDir, join(paths.dataDir, 'cache')]) sweepTemp(dir);
  if (existsSync(join(paths.pluginsDir, 'node_modules')))
    linkAdapter(paths.pluginsDir, {
      root: context.options.root,
      adapters: (context.options.pluginHosts ?? []).map((h) => h.adapter.name),
    });
  if (!existsSync(join(paths.pluginsDir, 'transaction.json'))) return;
  await (await import('./plugins/transaction.js')).recoverStore(context);
}
