import { resolve } from 'node:path';
import { type CreateCliOptions, createCli, defineCliPlugin } from '@plugboard/cli';
import { isWebError, webHost } from '@plugboard/web';
import { APP_ROOT } from './paths.js';
import { createServerHost, startWebServer } from './server.js';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `web-server run`: serve until SIGINT/SIGTERM, then shut down gracefully. */
const run = defineCliPlugin({
  name: 'run',
  description: 'start the server with its web plugins',
  defaults: { port: 3000, host: '127.0.0.1' },
  commands(group, ctx) {
    group
      .option('--port <port>', 'port to listen on (0: any free one)')
      .option('--host <host>', 'address to bind')
      .option('--plugins <names>', 'only these plugins (comma-separated) and what they require', list)
      .option('--admin-token <token>', 'admin token (default: a new random one, printed)')
      .option('--database-url <url>', 'postgres://… for plugin storage (default: embedded libsql)')
      .option('--redis-url <url>', 'redis://… to share events, cache and tasks with other instances')
      .option('--config-dir <dir>', 'folder with <plugin>.yaml configuration files')
      .option('--watch', 'development: reload a linked plugin when its files change, without a restart')
      .action(async (o: Record<string, string | string[] | boolean | undefined>) => {
        const server = await startWebServer({
          dataDir: ctx.paths.dataDir,
          sources: ctx.pluginSources,
          port: Number(o.port ?? ctx.config.port),
          host: (o.host as string | undefined) ?? ctx.config.host,
          ...(o.plugins ? { plugins: o.plugins as string[] } : {}),
          ...(o.adminToken ? { adminToken: o.adminToken as string } : {}),
          ...(o.databaseUrl ? { databaseUrl: o.databaseUrl as string } : {}),
          ...(o.redisUrl ? { redisUrl: o.redisUrl as string } : {}),
          // relative paths are the user's, not the app folder's
          ...(o.configDir ? { configDir: resolve(o.configDir as string) } : {}),
          // one line per reload: `web: reloaded notes in 42 ms`, or what failed (on stderr)
          ...(o.watch
            ? {
                watch: {
                  onReload: (e) => (e.ok ? ctx.print(e.message) : ctx.stderr.write(`${e.message}\n`)),
                },
              }
            : {}),
        }).catch((error: unknown) =>
          // a bad --plugins name or storage URL: the host's coded message, without a stack
          isWebError(error) ? ctx.fail(`${error.message} [${error.code}]`, 2) : Promise.reject(error),
        );
        // plugins left out by --plugins stay `discovered`: not worth a line each
        for (const p of server.host.plugins().filter((p) => p.state !== 'discovered'))
          ctx.print(
            `  ${p.state === 'enabled' ? '✓' : '✗'} ${p.name.padEnd(10)} ${p.state}${p.error ? `: ${p.error.message}` : ''}`,
          );
        ctx.print(
          `web-server listening on ${server.url}  (admin: ${server.url}/admin#token=${server.adminToken})`,
        );
        const watched = server.host.watched();
        if (o.watch)
          ctx.print(
            watched.length
              ? `web-server: watching ${watched.length} linked plugin folder${watched.length === 1 ? '' : 's'} (${watched.join(', ')})`
              : 'web-server: --watch found no linked plugin to watch; link one with `web-server plugins link <folder>`',
          );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        ctx.print('web-server: draining requests and stopping plugins…');
        await server.close();
      });
  },
});

/** `web-server routes`: every route the plugins would serve, without listening. */
const routes = defineCliPlugin({
  name: 'routes',
  description: 'list the HTTP routes of every plugin',
  defaults: {},
  commands(group, ctx) {
    group
      .option('--plugins <names>', 'only these plugins', list)
      .action(async (o: { plugins?: string[] }) => {
        const host = createServerHost({
          dataDir: ctx.paths.dataDir,
          sources: ctx.pluginSources,
          ...(o.plugins ? { plugins: o.plugins } : {}),
        });
        try {
          await host.start();
          const rows = host.routes().filter((r) => r.plugin);
          ctx.output(
            rows,
            rows.map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(28)} ${r.plugin}`).join('\n'),
          );
        } finally {
          await host.close();
        }
      });
  },
});

export type WebServerCliOptions = Partial<Omit<CreateCliOptions, 'name' | 'version'>>;

/**
 * The web-server command line: a @plugboard/cli host whose own groups run and
 * inspect the web host. Its built-in `plugins` group installs, links, lists and
 * removes web plugins too (`pluginHosts`), in the CLI's own plugin folder.
 */
export function createWebServerCli(options: WebServerCliOptions = {}) {
  return createCli({
    name: 'web-server',
    version: '0.0.0',
    description: 'A Nexus-like web application server: every feature is a plugin.',
    plugins: [run, routes],
    root: APP_ROOT,
    pluginHosts: [webHost],
    ...options,
  });
}
