import { memoryCache } from '../cache/store.js';
import type { Coordination } from './redis.js';

/** One process: events stay local, the cache is a Map, every lock is granted (no one else runs the tick). */
export function memoryCoordination(): Coordination {
  return { cache: memoryCache(), lock: async () => true, close: async () => {} };
}
