import { Redis } from 'ioredis';
import type { CacheStore } from '../cache/store.js';
import type { EventTransport } from '../events/bus.js';
import type { WebEvent } from '../types.js';

/** What several host instances share; `memoryCoordination()` is the one-process default. */
export interface Coordination {
  transport?: EventTransport;
  cache: CacheStore;
  /** Take a lock that expires after `ttlMs`; true for exactly one caller per key across instances. */
  lock(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Redis for events (pub/sub), cache (SET PX) and task locks (SET NX PX). Two
 * connections: a subscribed ioredis connection cannot send other commands.
 */
export function redisCoordination(
  url: string,
  instance: string,
  onError: (error: Error) => void,
  keyPrefix = 'plugboard:web:',
): Coordination {
  const client = new Redis(url, { maxRetriesPerRequest: 3 });
  const subscriber = client.duplicate();
  // ioredis reconnects by itself; without listeners its errors would be "unhandled" noise.
  client.on('error', onError);
  subscriber.on('error', onError);
  const channel = `${keyPrefix}events`;
  const transport: EventTransport = {
    async send(event) {
      await client.publish(channel, JSON.stringify(event));
    },
    async listen(deliver) {
      subscriber.on('message', (_channel: string, message: string) => {
        const event = JSON.parse(message) as WebEvent;
        // This instance already delivered its own events locally.
        if (event.instance !== instance) deliver(event);
      });
      // ioredis sends CLIENT SETINFO once connected; subscribing before that would make it fail.
      if (subscriber.status !== 'ready') await new Promise((resolve) => subscriber.once('ready', resolve));
      await subscriber.subscribe(channel);
    },
    async close() {
      subscriber.disconnect();
    },
  };
  const cache: CacheStore = {
    async get(key) {
      const raw = await client.get(`${keyPrefix}cache:${key}`);
      return raw === null ? undefined : JSON.parse(raw);
    },
    async set(key, value, ttlMs) {
      const k = `${keyPrefix}cache:${key}`;
      const v = JSON.stringify(value);
      if (ttlMs) await client.set(k, v, 'PX', ttlMs);
      else await client.set(k, v);
    },
    async delete(key) {
      await client.del(`${keyPrefix}cache:${key}`);
    },
    async deletePrefix(prefix) {
      const match = `${keyPrefix}cache:${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', 500);
        if (keys.length > 0) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    },
  };
  return {
    transport,
    cache,
    async lock(key, ttlMs) {
      return (await client.set(`${keyPrefix}lock:${key}`, instance, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async close() {
      await transport.close();
      await client.quit();
    },
  };
}
