/** Where cached values live; keys arrive already namespaced by plugin. */
export interface CacheStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number | undefined): Promise<void>;
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<void>;
}

/** One process: a Map with expiry times, checked on read. */
export function memoryCache(now: () => number = Date.now): CacheStore {
  const entries = new Map<string, { value: unknown; expires: number }>();
  return {
    async get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return structuredClone(e.value);
    },
    async set(key, value, ttlMs) {
      // Stored as a copy so a caller mutating its object does not change the cache (as with Redis).
      entries.set(key, {
        value: structuredClone(value),
        expires: ttlMs ? now() + ttlMs : Number.POSITIVE_INFINITY,
      });
    },
    async delete(key) {
      entries.delete(key);
    },
    async deletePrefix(prefix) {
      for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
    },
  };
}
