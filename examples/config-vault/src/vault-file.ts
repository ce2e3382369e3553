import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

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

/** The vault file a host uses: `configured` (absolute, or relative to `cwd`), else `vault.json` in `cwd`. */
export function vaultPath(configured: string | undefined, cwd: string): string {
  return configured ? resolve(cwd, configured) : resolve(cwd, 'vault.json');
}

/** What a vault holds, without its values: the dotted path of every secret, sorted. */
export function secretNames(data: unknown, prefix = ''): string[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return prefix ? [prefix] : [];
  return Object.entries(data)
    .flatMap(([key, value]) => secretNames(value, prefix ? `${prefix}.${key}` : key))
    .sort();
}

export interface VaultSummary {
  file: string;
  /** false when the file is missing or is not a JSON object. */
  readable: boolean;
  /** Why it is not readable, with what to do; never any of the file's text. */
  problem?: string;
  secrets: string[];
}

/** Reads a vault file for a report (names only). Never throws, never returns a value or file text. */
export async function summarize(file: string): Promise<VaultSummary> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      file,
      readable: false,
      problem: missing
        ? `no vault file at ${file}: create it, or set the plugin's "file" option`
        : `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      secrets: [],
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error: that is vault content, never pass it on
    return { file, readable: false, problem: `${file} is not valid JSON: fix the file`, secrets: [] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return { file, readable: false, problem: `${file} must hold a JSON object of secrets`, secrets: [] };
  return { file, readable: true, secrets: secretNames(data) };
}
