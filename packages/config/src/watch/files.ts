import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface WatchFilesOptions {
  /** Quiet time after the last event before `onChange` runs: a burst of saves is one refresh. */
  debounceMs: number;
  onChange: () => void;
  /** The watch of a folder failed and could not be re-armed; reloads still work, change events do not. */
  onError: (error: Error, folder: string) => void;
}

/** Closes every watcher and pending timer. */
export type StopWatching = () => Promise<void>;

/**
 * Watch files by watching their folders. Editors, deploy scripts and
 * `writeFileAtomic` save by renaming a temp file over the old one: a watch on
 * the file follows the old inode and goes silent after the first such save, a
 * watch on the folder sees every rename. Files that do not exist yet (an
 * environment overlay created later) are seen the same way.
 */
export function watchFiles(files: readonly string[], o: WatchFilesOptions): StopWatching {
  const names = new Map<string, Set<string>>();
  for (const file of files) {
    const dir = dirname(file);
    if (!names.has(dir)) names.set(dir, new Set());
    names.get(dir)!.add(basename(file));
  }
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const watchers = new Map<string, FSWatcher>();
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(o.onChange, o.debounceMs);
  };
  const arm = (dir: string, retry: boolean): void => {
    if (closed) return;
    try {
      const watcher = watch(dir, (_event, name) => {
        // some platforms omit the name: then any event in the folder counts
        if (name === null || names.get(dir)!.has(String(name))) fire();
      });
      watcher.on('error', (error) => {
        watcher.close();
        watchers.delete(dir);
        // the folder may have been replaced (a deploy swapping directories): try once more
        if (retry) setTimeout(() => arm(dir, false), o.debounceMs).unref();
        else o.onError(error, dir);
      });
      watchers.set(dir, watcher);
      // a re-armed watch may have missed a save in between
      if (!retry) fire();
    } catch (error) {
      o.onError(error as Error, dir);
    }
  };
  for (const dir of names.keys()) arm(dir, true);
  return async () => {
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
