import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ConfigFolderOptions {
  /** Files to write, by path relative to the folder: `{ 'config.yaml': 'port: 1\n' }`. */
  files?: Record<string, string>;
}

/** A temp folder of config files, removed by `using` or `cleanup()`. */
export interface ConfigFolder {
  readonly root: string;
  /** Absolute path of a file in the folder. */
  path(name: string): string;
  /** Write a file in place (truncate, then write), as `echo > file` does. Returns its path. */
  write(name: string, text: string): string;
  /**
   * Save a file the way vim, most editors and deploy scripts do: write a temp file
   * beside it and rename it over the old one. Returns its path.
   */
  saveAtomic(name: string, text: string): string;
  remove(name: string): void;
  cleanup(): void;
  [Symbol.dispose](): void;
}

let saves = 0;

export function createConfigFolder(options: ConfigFolderOptions = {}): ConfigFolder {
  const root = mkdtempSync(join(tmpdir(), 'pb-config-'));
  const path = (name: string) => join(root, name);
  const write = (name: string, text: string) => {
    mkdirSync(dirname(path(name)), { recursive: true });
    writeFileSync(path(name), text);
    return path(name);
  };
  const folder: ConfigFolder = {
    root,
    path,
    write,
    saveAtomic(name, text) {
      const file = path(name);
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${++saves}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
      return file;
    },
    remove: (name) => rmSync(path(name), { force: true, recursive: true }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
    [Symbol.dispose]: () => folder.cleanup(),
  };
  for (const [name, text] of Object.entries(options.files ?? {})) write(name, text);
  return folder;
}
