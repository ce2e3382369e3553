import { ErrorCodes, PlugboardError, runHook } from '@plugboard/core';
import { describe, expect, it } from 'vitest';

const o = { plugin: 'p', hook: 'start', timeoutMs: 50 };

describe('runHook', () => {
  it('returns what the hook returns, sync or async', async () => {
    expect(await runHook(() => 1, o)).toBe(1);
    expect(await runHook(async () => 'two', o)).toBe('two');
  });

  it('wraps a thrown error as PB_HOOK_FAILED naming plugin and hook, keeping the cause', async () => {
    const cause = new Error('disk full\nsecond line');
    const error = await runHook(() => {
      throw cause;
    }, o).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlugboardError);
    expect(error).toMatchObject({ code: ErrorCodes.HOOK_FAILED, plugin: 'p', cause });
    expect((error as Error).message).toBe('Plugin "p" failed in its start hook: disk full');
  });

  it('passes a PlugboardError through unchanged', async () => {
    const own = new PlugboardError('PB_X_Y', 'own words');
    await expect(runHook(() => Promise.reject(own), o)).rejects.toBe(own);
  });

  it('times out with PB_HOOK_TIMEOUT and aborts the signal with that error', async () => {
    let seen: unknown;
    const error = await runHook(
      (signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            seen = signal.reason;
            resolve(undefined);
          });
        }),
      o,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.HOOK_TIMEOUT, plugin: 'p' });
    expect((error as Error).message).toBe(
      'Plugin "p" did not finish its start hook within 50 ms; it was marked failed. Make the hook finish sooner, or raise the timeout.',
    );
    expect(seen).toBe(error);
  });

  it('describes a thrown non-error value', async () => {
    await expect(runHook(() => Promise.reject('plain string'), o)).rejects.toMatchObject({
      message: 'Plugin "p" failed in its start hook: plain string',
    });
  });
});
