import { join } from 'node:path';
import { readLinks } from '../fast-help/index.js';

/**
 * The plugins `plugins install|link` of a CLI put in place, as core's discovery
 * sources, from its data folder: what `ctx.pluginSources` gives a command, for
 * code that runs outside one (a demo, a test, a server started from a script).
 */
export function userPluginSources(dataDir: string): { paths: string[]; userDir: string } {
  const pluginsDir = join(dataDir, 'plugins');
  return { paths: readLinks(pluginsDir), userDir: pluginsDir };
}
