import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { userPluginSources } from '@plugboard/cli';
import {
  type CreateWebHostOptions,
  createWebHost,
  type HotReloadOptions,
  type WebHost,
} from '@plugboard/web';
import { APP_ROOT } from './paths.js';

export interface WebServerOptions {
  dataDir: string;
  /** Installed and linked plugins (`ctx.pluginSources`); default those of the CLI's data folder. */
  sources?: { paths: readonly string[]; userDir: string };
  port?: number;
  host?: string;
  /** Only these plugins (and what they require). */
  plugins?: string[];
  adminToken?: string;
  databaseUrl?: string;
  redisUrl?: string;
  configDir?: string;
  env?: Record<string, string | undefined>;
  logger?: CreateWebHostOptions['logger'];
  /** Development: reload a linked plugin when its files change (`run --watch`); see @plugboard/web's hot reload. */
  watch?: boolean | HotReloadOptions;
}

/** The host web-server runs: linked > installed > bundled plugins, storage under the data folder. */
export function createServerHost(o: WebServerOptions): WebHost {
  const { paths, userDir } = o.sources ?? userPluginSources(o.dataDir);
  return createWebHost({
    cwd: APP_ROOT,
    sources: { paths: [...paths], userDir, dependencies: true },
    cache: join(o.dataDir, 'cache', 'web-index.json'),
    dataDir: join(o.dataDir, 'storage'),
    admin: o.adminToken ? { token: o.adminToken } : false,
    ...(o.plugins?.length ? { only: o.plugins } : {}),
    ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}),
    ...(o.redisUrl ? { redisUrl: o.redisUrl } : {}),
    ...(o.configDir ? { configDir: o.configDir } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.logger !== undefined ? { logger: o.logger } : {}),
    ...(o.watch ? { hotReload: o.watch } : {}),
  });
}

export interface RunningServer {
  host: WebHost;
  url: string;
  adminToken: string;
  close(): Promise<void>;
}

/** Start and listen; the admin token is generated when none is given (printed by `run`). */
export async function startWebServer(o: WebServerOptions): Promise<RunningServer> {
  const adminToken = o.adminToken ?? randomBytes(18).toString('base64url');
  const host = createServerHost({ ...o, adminToken });
  try {
    await host.start();
  } catch (error) {
    await host.close().catch(() => undefined);
    throw error;
  }
  const url = await host.listen({ port: o.port ?? 3000, host: o.host ?? '127.0.0.1' });
  return { host, url, adminToken, close: () => host.close() };
}
