import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { type CreateWorkflowHostOptions, createWorkflowHost } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A temp folder with the stage fixtures copied in, removed after the file's tests. */
export function workspace(prefix = 'pb-workflow-'): {
  dir: string;
  write(name: string, text: string): string;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(fixtures, 'stages.mjs'), join(dir, 'stages.mjs'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

/** A host with an in-memory run store and no plugin discovery beyond the built-ins. */
export function memoryHost(dir: string, options: CreateWorkflowHostOptions = {}) {
  return createWorkflowHost({
    cwd: dir,
    dataDir: join(dir, 'data'),
    store: ':memory:',
    plugins: { cache: false, sources: {} },
    ...options,
  });
}
