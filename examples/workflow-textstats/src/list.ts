import { readdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { defineStage } from '@plugboard/workflow';

export interface ListInput {
  /** Folder to read (relative paths resolve from the current directory). */
  folder: string;
  /** File extensions that count as text. Default `.txt` and `.md`. */
  extensions?: string[];
}

/** The text files of a folder and its subfolders, sorted, as absolute paths. */
export const listFiles = defineStage<ListInput, string[]>(async (input) => {
  const root = resolve(input.folder);
  const wanted = new Set(input.extensions ?? ['.txt', '.md']);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && wanted.has(extname(e.name)))
    .map((e) => join(e.parentPath, e.name))
    .sort();
});
