import { createLifecycle, ErrorCodes, type LifecycleHooks, type LifecycleUnit } from '@plugboard/core';
import { describe, expect, it } from 'vitest';

type Hook = keyof LifecycleHooks<string>;

/** Two plugins, `a` and `b`; `fail` names the hooks that throw, e.g. `start:a`. */
function run(fail: string[], options: { hang?: string; timeoutMs?: number } = {}) {
  const calls: string[] = [];
  const units: LifecycleUnit<string>[] = ['a', 'b'].map((id) => ({ id, load: () => id }));
  const hook =
    (name: Hook) =>
    ({ id, signal }: { id: string; signal: AbortSignal }) => {
      calls.push(`${name} ${id}`);
      if (options.hang === `${name}:${id}`) return new Promise((r) => signal.addEventListener('abort', r));
      if (fail.includes(`${name}:${id}`)) throw new Error(`${name} of ${id} broke`);
      return undefined;
    };
  const hooks: LifecycleHooks<string> = {
    start: hook('start'),
    enable: hook('enable'),
    disable: hook('disable'),
    stop: hook('stop'),
    unload: hook('unload'),
  };
  const lc = createLifecycle({ units, hooks, timeoutMs: options.timeoutMs ?? 1000 });
  return { lc, calls };
}

describe('lifecycle teardown: every started plugin is stopped, every loaded one unloaded', () => {
  it('a start that fails unloads that plugin at once and keeps the start error', async () => {
    const { lc, calls } = run(['start:a']);
    const report = await lc.start();
    expect(calls).toEqual(['start a', 'unload a', 'start b', 'enable b']);
    expect(report.plugins[0]).toMatchObject({
      id: 'a',
      state: 'failed',
      error: { code: ErrorCodes.HOOK_FAILED },
    });
    expect(report.plugins[0]!.error!.message).toContain('start of a broke');
    calls.length = 0;
    await lc.stop();
    expect(calls).toEqual(['disable b', 'stop b', 'unload b']); // a is not torn down twice
  });

  it('an enable that fails stops and unloads that plugin', async () => {
    const { lc, calls } = run(['enable:b']);
    await lc.start();
    expect(calls).toEqual(['start a', 'enable a', 'start b', 'enable b', 'stop b', 'unload b']);
    expect(lc.state('b')).toBe('failed');
    expect(lc.state('a')).toBe('enabled');
  });

  it('a stop that fails still unloads, and the other plugins still stop', async () => {
    const { lc, calls } = run(['stop:b']);
    await lc.start();
    calls.length = 0;
    const report = await lc.stop();
    expect(calls).toEqual(['disable b', 'stop b', 'unload b', 'disable a', 'stop a', 'unload a']);
    expect(report.ok).toBe(false);
    expect(report.plugins.map((p) => [p.id, p.state])).toEqual([
      ['b', 'failed'],
      ['a', 'unloaded'],
    ]);
  });

  it('a disable that fails at run time stops and unloads, and rejects with the code', async () => {
    const { lc, calls } = run(['disable:a']);
    await lc.start();
    calls.length = 0;
    await expect(lc.disable('a')).rejects.toMatchObject({ code: ErrorCodes.HOOK_FAILED, plugin: 'a' });
    expect(calls).toEqual(['disable a', 'stop a', 'unload a']);
    expect(lc.state('a')).toBe('failed');
  });

  it('an enable that fails at run time after a disable stops and unloads, and rejects with the code', async () => {
    const fail: string[] = [];
    const { lc, calls } = run(fail);
    await lc.start();
    await lc.disable('a');
    fail.push('enable:a');
    calls.length = 0;
    await expect(lc.enable('a')).rejects.toMatchObject({ code: ErrorCodes.HOOK_FAILED, plugin: 'a' });
    expect(calls).toEqual(['enable a', 'stop a', 'unload a']);
    expect(lc.state('a')).toBe('failed');
    calls.length = 0;
    await lc.stop();
    expect(calls).toEqual(['disable b', 'stop b', 'unload b']);
  });

  it('a hook that hangs times out (PB_HOOK_TIMEOUT), gets its signal aborted, and is cleaned up', async () => {
    const { lc, calls } = run([], { hang: 'start:a', timeoutMs: 50 });
    const report = await lc.start();
    expect(report.plugins[0]).toMatchObject({
      id: 'a',
      state: 'failed',
      error: { code: ErrorCodes.HOOK_TIMEOUT },
    });
    expect(calls.slice(0, 2)).toEqual(['start a', 'unload a']);
  });

  it('every failure of both plugins at once: each still torn down in reverse order', async () => {
    const { lc, calls } = run(['disable:a', 'disable:b', 'stop:a', 'stop:b', 'unload:a', 'unload:b']);
    await lc.start();
    calls.length = 0;
    const report = await lc.stop();
    expect(calls).toEqual(['disable b', 'stop b', 'unload b', 'disable a', 'stop a', 'unload a']);
    expect(report.plugins.every((p) => p.state === 'failed')).toBe(true);
    // The first error is kept: the disable failure, not the later unload failure.
    expect(report.plugins[0]!.error!.message).toContain('disable of b broke');
  });
});
