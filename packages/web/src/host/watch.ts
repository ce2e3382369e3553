import { relative, sep } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';

export interface WatchPluginsOptions {
  /** Folder → the plugins it provides. */
  folders: ReadonlyMap<string, readonly string[]>;
  /** Quiet time after the last change before the folder's plugins reload. */
  debounceMs: number;
  /** Reload one plugin; `files` changed, relative to its folder. Should not reject. */
  reload(name: string, files: string[]): Promise<unknown>;
  log: FastifyBaseLogger;
}

export interface PluginWatcher {
  folders(): string[];
  /** Stop watching, drop pending changes, wait for the reload in flight. */
  close(): Promise<void>;
}

const SKIPPED = new Set(['node_modules', '.git']);

/**
 * Watch linked plugin folders (chokidar; node_modules and .git left out) and
 * reload a folder's plugins once its changes have settled: an editor's save
 * storm, or a build rewriting dist/, is one reload. Reloads run one at a time;
 * changes during a reload cause one more after it. Resolves once watching.
 */
export async function watchPlugins(o: WatchPluginsOptions): Promise<PluginWatcher> {
  // Loaded only when hot reload is on: production hosts never import the watcher.
  const { watch } = await import('chokidar');
  const dirs = [...o.folders.keys()];
  const folderOf = (path: string) => dirs.find((d) => path === d || path.startsWith(`${d}${sep}`));
  const skipped = (path: string) => {
    const dir = folderOf(path);
    return (
      dir !== undefined &&
      relative(dir, path)
        .split(sep)
        .some((s) => SKIPPED.has(s))
    );
  };
  const pending = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  const flush = (dir: string) => {
    timers.delete(dir);
    const files = [...(pending.get(dir) ?? [])].sort();
    pending.delete(dir);
    chain = chain.then(async () => {
      for (const name of o.folders.get(dir) ?? []) if (!closed) await o.reload(name, files);
    });
  };
  const changed = (path: string) => {
    const dir = folderOf(path);
    if (closed || dir === undefined) return;
    const files = pending.get(dir) ?? new Set<string>();
    files.add(relative(dir, path));
    pending.set(dir, files);
    clearTimeout(timers.get(dir));
    timers.set(
      dir,
      setTimeout(() => flush(dir), o.debounceMs),
    );
  };

  const watcher = watch(dirs, { ignoreInitial: true, ignored: skipped });
  watcher.on('add', changed).on('change', changed).on('unlink', changed);
  watcher.on('error', (error) =>
    o.log.warn({ err: error }, `@plugboard/web: watching plugin folders: ${(error as Error).message}`),
  );
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return {
    folders: () => (closed ? [] : [...dirs]),
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      pending.clear();
      await watcher.close();
      await chain;
    },
  };
}
