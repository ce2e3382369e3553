import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nextEvent, WaitTimeoutError, waitUntil } from '../src/index.js';

describe('waitUntil', () => {
  it('resolves with the first truthy value of the check', async () => {
    let n = 0;
    await expect(waitUntil(() => (++n >= 3 ? `after ${n}` : undefined), { intervalMs: 1 })).resolves.toBe(
      'after 3',
    );
  });

  it('counts a throwing check as not yet, and awaits async checks', async () => {
    let n = 0;
    const value = await waitUntil(
      async () => {
        if (++n < 2) throw new Error('not ready');
        return n;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe(2);
  });

  it('times out naming what it waited for and what the check last saw', async () => {
    const error = await waitUntil(() => 0, {
      timeoutMs: 30,
      intervalMs: 5,
      message: 'the port to change',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe(
      'waitUntil: the port to change did not hold within 30 ms (the check last returned 0).',
    );
  });

  it('keeps the last error as the cause', async () => {
    const error = (await waitUntil(
      () => {
        throw new Error('still down');
      },
      { timeoutMs: 20, intervalMs: 5 },
    ).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(error.message).toContain('the check last threw "still down"');
    expect((error.cause as Error).message).toBe('still down');
  });
});

describe('nextEvent', () => {
  it('resolves with the first argument of the first call and unsubscribes', async () => {
    const emitter = new EventEmitter();
    const waiting = nextEvent<string>((listener) => {
      emitter.on('x', listener);
      return () => emitter.off('x', listener);
    });
    emitter.emit('x', 'first');
    emitter.emit('x', 'second');
    await expect(waiting).resolves.toBe('first');
    expect(emitter.listenerCount('x')).toBe(0);
  });

  it('handles a listener called during subscribe', async () => {
    let unsubscribed = false;
    const value = await nextEvent<number>((listener) => {
      listener(7);
      return () => {
        unsubscribed = true;
      };
    });
    expect(value).toBe(7);
    expect(unsubscribed).toBe(true);
  });

  it('times out and unsubscribes', async () => {
    let unsubscribed = false;
    const error = await nextEvent(
      () => () => {
        unsubscribed = true;
      },
      { timeoutMs: 20, message: 'a config error' },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('nextEvent: a config error did not happen within 20 ms.');
    expect(unsubscribed).toBe(true);
  });
});
