import type { Redis, RedisOptions } from 'ioredis';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import { redactUrl } from '../store/open.js';

/** Where the BullMQ executor and `flow worker` find Redis, and their queue. */
export interface RedisQueueOptions extends Record<string, unknown> {
  /** `redis://host:port[/db]`. Default `redis://127.0.0.1:6379`. */
  connection?: string;
  /** BullMQ queue name. Default `plugboard-workflow`. */
  queue?: string;
  /** Redis key prefix. Default `pb`. */
  prefix?: string;
  /** Give up connecting after this long. Default 5000 ms. */
  connectTimeoutMs?: number;
}

export const queueDefaults = (o: RedisQueueOptions) => ({
  url: o.connection ?? 'redis://127.0.0.1:6379',
  queue: o.queue ?? 'plugboard-workflow',
  prefix: o.prefix ?? 'pb',
  connectTimeoutMs: o.connectTimeoutMs ?? 5000,
});

/** ioredis options for BullMQ connections: no per-command retry limit (BullMQ requires it). */
export function redisOptions(connectTimeoutMs: number): RedisOptions {
  return { maxRetriesPerRequest: null, connectTimeout: connectTimeoutMs, enableReadyCheck: true };
}

/**
 * Connect once, without retries, within `timeoutMs`: ioredis alone retries forever, so an
 * unreachable Redis would hang `flow run` instead of saying what is wrong.
 */
export async function probeRedis(url: string, timeoutMs: number): Promise<void> {
  const { Redis: Client } = await import('ioredis');
  const client: Redis = new Client(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new WorkflowError(
      WorkflowErrorCodes.REDIS_UNREACHABLE,
      `cannot reach Redis at ${redactUrl(url)} (${error instanceof Error ? error.message : String(error)}); start Redis or fix the executor's "connection".`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** Job ids must not contain ":" (BullMQ's key separator); stage names cannot hold "." . */
export function jobIdOf(runId: string, stage: string, index: number | undefined, attempt: number): string {
  return `${runId}.${stage}.${index ?? -1}.${attempt}`;
}

/** Errors cross BullMQ as `failedReason` text: `[CODE] message`, so the code survives. */
export function encodeFailure(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? `[${code}] ${message}` : message;
}

export function decodeFailure(reason: string): { code: string | undefined; message: string } {
  const m = /^\[([A-Z][A-Z0-9_]*)\] ([\s\S]*)$/.exec(reason);
  return m ? { code: m[1], message: m[2] as string } : { code: undefined, message: reason };
}
