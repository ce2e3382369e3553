import type { PluginCache } from '../types.js';
import type { CacheStore } from './store.js';

/** A plugin's view of the cache: every key under `<plugin>:`, so plugins never see each other's. */
export function pluginCache(store: CacheStore, plugin: string, defaultTtlMs?: number): PluginCache {
  const ns = `${plugin}:`;
  return {
    get: async <V>(key: string) => (await store.get(ns + key)) as V | undefined,
    set: (key, value, ttlMs) => store.set(ns + key, value, ttlMs ?? defaultTtlMs),
    delete: (key) => store.delete(ns + key),
    invalidate: (prefix = '') => store.deletePrefix(ns + prefix),
  };
}
