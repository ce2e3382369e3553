import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** A JSON vault file, read on demand and watched for changes (one watcher for all references). */
export class VaultFile {
  private data: Promise<unknown> | undefined;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    watchIt: boolean,
    signal: AbortSignal,
    private readonly debounceMs = 50,
  ) {
    if (!watchIt) return;
    // Watch the folder: editors replace files, which ends a watch on the file itself.
    const watcher = watch(dirname(file), (_event, name) => {
      if (name !== basename(file)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.data = undefined;
        for (const listener of this.listeners) listener();
      }, this.debounceMs);
    });
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(this.timer);
        watcher.close();
      },
      { once: true },
    );
  }

  read(): Promise<unknown> {
    this.data ??= readFile(this.file, 'utf8').then((text) => JSON.parse(text) as unknown);
    return this.data;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** `db/password` or `db.password` → the value at that path, or undefined. */
export function lookup(data: unknown, path: string): unknown {
  let node = data;
  for (const seg of path.split(/[/.]/).filter(Boolean)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}
