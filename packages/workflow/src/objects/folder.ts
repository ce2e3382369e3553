import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from '../types.js';

/** A file name for any key: keys may hold "/" or other characters a path cannot. */
const fileOf = (dir: string, key: string) => join(dir, `${encodeURIComponent(key)}.json`);

/** Artifacts as JSON files in a folder: shared by threads, and by workers that mount the same folder. */
export function folderObjectStore(dir: string): ObjectStore {
  return {
    async put(key, value) {
      await mkdir(dir, { recursive: true });
      await writeFile(fileOf(dir, key), JSON.stringify(value ?? null));
    },
    async get<T>(key: string) {
      try {
        return JSON.parse(await readFile(fileOf(dir, key), 'utf8')) as T;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async has(key) {
      return stat(fileOf(dir, key)).then(
        () => true,
        () => false,
      );
    },
    async delete(key) {
      await rm(fileOf(dir, key), { force: true });
    },
  };
}
