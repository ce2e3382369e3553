import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HostDiscovery, HostLifecycle } from '@plugboard/core';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { WebError, WebErrorCodes } from '../errors.js';
import type { WebMeta } from '../meta.js';
import type { AnyWebPlugin } from '../types.js';
import type { HotReloadOptions } from './options.js';
import { type ReloadEvent, reloadEvent } from './reload-event.js';
import { ReloadableRoutes } from './reload-routes.js';
import { type PluginRuntime, prefixOf } from './runtime.js';
import { type PluginWatcher, watchPlugins } from './watch.js';

export interface HotReloadSetup {
  app: FastifyInstance;
  serverOptions: FastifyServerOptions;
  options: HotReloadOptions;
  /** Host project folder (linked paths are relative to it). */
  cwd: string;
  paths: readonly string[];
  found: HostDiscovery<AnyWebPlugin, WebMeta>;
  life(): HostLifecycle<PluginRuntime> | undefined;
  onRoute(plugin: string, method: string, url: string): void;
  dropRoutes(plugin: string): void;
}

export interface HotReload {
  readonly routes: ReloadableRoutes;
  /** Reload one plugin; never rejects for the plugin's own failure (see `ReloadEvent.error`). */
  reload(name: string, files?: string[]): Promise<ReloadEvent>;
  /** Start watching the linked folders (after the host started). */
  watch(): Promise<void>;
  watched(): string[];
  close(): Promise<void>;
}

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/**
 * Which plugins hot reload covers and how: linked plugins (the `paths` source,
 * usable or excluded) are watched and reloaded; the plugins that require them,
 * directly or not, are restarted after them by core's lifecycle, so all of these
 * are served through `ReloadableRoutes`. Every other plugin is mounted as usual.
 */
export function setUpHotReload(o: HotReloadSetup): HotReload {
  const linkedDirs = new Set(o.paths.map((p) => real(resolve(o.cwd, p))));
  const folders = new Map<string, string[]>();
  const add = (name: string, dir: string) => folders.set(dir, [...(folders.get(dir) ?? []), name]);
  for (const p of o.found.plugins) if (p.source === 'path') add(p.name, p.package.dir);
  for (const e of o.found.excluded) if (linkedDirs.has(e.package.dir)) add(e.name, e.package.dir);
  const covered = new Set([...folders.values()].flat());
  const requiresOf = [
    ...o.found.plugins.map((p) => [p.name, p.requires] as const),
    ...o.found.excluded.map((e) => [e.name, e.requires] as const),
  ];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, requires] of requiresOf) {
      if (covered.has(name) || !Object.keys(requires).some((d) => covered.has(d))) continue;
      covered.add(name);
      grew = true;
    }
  }
  const prefix = (name: string) => prefixOf(name, o.found.get(name)?.meta);
  const routes = new ReloadableRoutes(
    {
      app: o.app,
      serverOptions: o.serverOptions,
      state: (name) => o.life()?.state(name),
      onRoute: o.onRoute,
      dropRoutes: o.dropRoutes,
    },
    [...covered].map((name) => [name, prefix(name)] as [string, string]),
  );
  let watcher: PluginWatcher | undefined;
  let closed = false;

  const reload = async (name: string, files: string[] = []): Promise<ReloadEvent> => {
    const life = o.life();
    if (!life || closed || !covered.has(name) || life.state(name) === undefined)
      throw new WebError(
        WebErrorCodes.RELOAD_UNAVAILABLE,
        `plugin "${name}" cannot be reloaded: ${closed ? 'the host is closing' : 'only linked plugins (`sources.paths`, e.g. `web-server plugins link`) and the plugins that require them can, with `hotReload` on'}. Restart the server instead.`,
        { plugin: name },
      );
    const t0 = performance.now();
    const report = await life.reload(name);
    const event = reloadEvent(name, files, Math.round(performance.now() - t0), report);
    const fields = { plugin: name, files, ...(event.error ? { code: event.error.code } : {}) };
    if (event.ok) o.app.log.info(fields, event.message);
    else o.app.log.error(fields, event.message);
    o.options.onReload?.(event);
    return event;
  };

  return {
    routes,
    reload,
    async watch() {
      // Only the plugins this host runs (`only` may leave some out).
      const running = new Map<string, string[]>();
      for (const [dir, names] of folders) {
        const mine = names.filter((n) => o.life()?.state(n) !== undefined);
        if (mine.length) running.set(dir, mine);
      }
      if (running.size === 0 || closed) return;
      watcher = await watchPlugins({
        folders: running,
        debounceMs: o.options.debounceMs ?? 150,
        log: o.app.log,
        reload: (name, files) =>
          reload(name, files).catch((error: unknown) =>
            o.app.log.warn({ err: error, plugin: name }, `web: could not reload ${name}: ${String(error)}`),
          ),
      });
    },
    watched: () => watcher?.folders() ?? [],
    async close() {
      closed = true;
      await watcher?.close();
      watcher = undefined;
    },
  };
}
