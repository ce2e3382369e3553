// The threads executor's worker (piscina runs this file in each thread). Plain JavaScript
// with Node built-ins only, so it runs from source checkouts and builds alike. It imports
// the stage's module by URL, builds a ctx and calls the stage.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const stages = new Map();

async function load(url, exportName) {
  const key = `${url}#${exportName}`;
  let fn = stages.get(key);
  if (!fn) {
    const mod = await import(url);
    fn = mod[exportName] ?? mod.default?.[exportName];
    if (typeof fn !== 'function') throw new Error(`the module ${url} has no function export "${exportName}"`);
    stages.set(key, fn);
  }
  return fn;
}

/** The same layout as @plugboard/workflow's folderObjectStore, so threads share artifacts through files. */
function folderStore(dir) {
  const file = (key) => join(dir, `${encodeURIComponent(key)}.json`);
  return {
    async put(key, value) {
      await mkdir(dir, { recursive: true });
      await writeFile(file(key), JSON.stringify(value ?? null));
    },
    async get(key) {
      try {
        return JSON.parse(await readFile(file(key), 'utf8'));
      } catch (error) {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      }
    },
    has: (key) =>
      stat(file(key)).then(
        () => true,
        () => false,
      ),
    delete: (key) => rm(file(key), { force: true }),
  };
}

export default async function runStage({ url, exportName, input, task, objectsDir, port }) {
  const fn = await load(url, exportName);
  const say = (message) => port?.postMessage(message);
  const log = (level) => (message) => say({ type: 'log', level, message: String(message) });
  const ctx = {
    ...task,
    log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    // Cancelling a threaded stage terminates its thread; the signal never fires inside it.
    signal: new AbortController().signal,
    progress: (done, total, message) => say({ type: 'progress', done, total, message }),
    objects: folderStore(objectsDir),
  };
  try {
    return await fn(input, ctx);
  } finally {
    port?.close();
  }
}
