import type { ObjectStore } from '../types.js';

/** Artifacts of one run in this process (the local executor's default). Values are cloned so stages cannot share mutable state by accident. */
export function memoryObjectStore(): ObjectStore {
  const map = new Map<string, unknown>();
  return {
    async put(key, value) {
      map.set(key, structuredClone(value));
    },
    async get<T>(key: string) {
      return map.has(key) ? (structuredClone(map.get(key)) as T) : undefined;
    },
    async has(key) {
      return map.has(key);
    },
    async delete(key) {
      map.delete(key);
    },
  };
}
