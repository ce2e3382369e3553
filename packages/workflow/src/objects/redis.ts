import type { Redis } from 'ioredis';
import type { ObjectStore } from '../types.js';

/** Artifacts of one run in Redis, for BullMQ workers on other machines; they expire with the run's keys. */
export function redisObjectStore(
  redis: Redis,
  prefix: string,
  runId: string,
  ttlSeconds = 7 * 24 * 3600,
): ObjectStore {
  const hash = `${prefix}:objects:${runId}`;
  return {
    async put(key, value) {
      await redis
        .multi()
        .hset(hash, key, JSON.stringify(value ?? null))
        .expire(hash, ttlSeconds)
        .exec();
    },
    async get<T>(key: string) {
      const raw = await redis.hget(hash, key);
      return raw === null ? undefined : (JSON.parse(raw) as T);
    },
    async has(key) {
      return (await redis.hexists(hash, key)) === 1;
    },
    async delete(key) {
      await redis.hdel(hash, key);
    },
  };
}
