import { createLifecycle, type LifecycleUnit, orderPlugins, PlugboardError } from '@plugboard/core';
import { describe, expect, expectTypeOf, it } from 'vitest';

interface Instance {
  name: string;
}

function host(policy?: 'isolate' | 'abort', failing?: string) {
  const calls: string[] = [];
  const units: LifecycleUnit<Instance>[] = [
    {
      id: 'web',
      version: '1.0.0',
      requires: { auth: '^1.0.0', db: '^2.0.0' },
      load: () => ({ name: 'web' }),
    },
    { id: 'auth', version: '1.4.0', requires: { db: '>=2' }, load: () => ({ name: 'auth' }) },
    { id: 'db', version: '2.1.0', load: () => ({ name: 'db' }) },
    { id: 'metrics', version: '1.0.0', load: () => ({ name: 'metrics' }) },
  ];
  const hook =
    (name: string) =>
    ({ id, instance }: { id: string; instance: Instance }) => {
      expect(instance.name).toBe(id);
      calls.push(`${name}:${id}`);
      if (name === 'start' && id === failing) throw new Error('nope');
    };
  const lc = createLifecycle<Instance>({
    units,
    ...(policy ? { policy } : {}),
    hooks: {
      start: hook('start'),
      enable: hook('enable'),
      disable: hook('disable'),
      stop: hook('stop'),
      unload: hook('unload'),
    },
  });
  return { lc, calls };
}

describe('lifecycle', () => {
  it('starts in requirement order and stops in reverse, with a report', async () => {
    const { lc, calls } = host();
    const report = await lc.start();
    expect(report.ok).toBe(true);
    expect(report.plugins.map((p) => p.id)).toEqual(['db', 'auth', 'web', 'metrics']);
    for (const p of report.plugins) {
      expect(p.state).toBe('enabled');
      expect(p.ms).toBeGreaterThanOrEqual(0);
    }
    expect(calls.filter((c) => c.startsWith('start'))).toEqual([
      'start:db',
      'start:auth',
      'start:web',
      'start:metrics',
    ]);
    calls.length = 0;
    const stopped = await lc.stop();
    expect(stopped.plugins.map((p) => [p.id, p.state])).toEqual([
      ['metrics', 'unloaded'],
      ['web', 'unloaded'],
      ['auth', 'unloaded'],
      ['db', 'unloaded'],
    ]);
    expect(calls.slice(0, 3)).toEqual(['disable:metrics', 'stop:metrics', 'unload:metrics']);
  });

  it('enables and disables at run time, refusing invalid transitions with a code', async () => {
    const { lc, calls } = host();
    await lc.start();
    await lc.disable('auth');
    expect(lc.state('auth')).toBe('disabled');
    await lc.enable('auth');
    expect(lc.state('auth')).toBe('enabled');
    expect(calls).toContain('disable:auth');
    expect(lc.instance('auth')).toEqual({ name: 'auth' });
    await lc.stop();
    await expect(lc.enable('auth')).rejects.toMatchObject({
      code: 'PB_INVALID_STATE',
      message: 'Cannot enable plugin "auth" while it is unloaded; start it first.',
    });
    await expect(lc.disable('nope')).rejects.toBeInstanceOf(PlugboardError);
  });

  it('isolate: a failure skips dependents only', async () => {
    const { lc } = host('isolate', 'auth');
    const report = await lc.start();
    expect(report.ok).toBe(false);
    expect(report.plugins.map((p) => [p.id, p.state])).toEqual([
      ['db', 'enabled'],
      ['auth', 'failed'],
      ['web', 'skipped'],
      ['metrics', 'enabled'],
    ]);
  });

  it('abort: the first failure stops the start and rolls back what started', async () => {
    const { lc, calls } = host('abort', 'auth');
    const report = await lc.start();
    expect(report.ok).toBe(false);
    expect(report.plugins.map((p) => [p.id, p.state])).toEqual([
      ['db', 'unloaded'],
      ['auth', 'failed'],
      ['web', 'validated'],
      ['metrics', 'validated'],
    ]);
    expect(calls).not.toContain('start:metrics');
    expect(calls).toContain('stop:db');
  });

  it('a load that fails marks the plugin failed with its coded error', async () => {
    const lc = createLifecycle({
      units: [
        {
          id: 'x',
          load: () => {
            throw new PlugboardError('PB_LOAD_FAILED', 'cannot import');
          },
        },
      ],
    });
    const report = await lc.start();
    expect(report.plugins[0]).toMatchObject({
      state: 'failed',
      error: { code: 'PB_LOAD_FAILED', message: 'cannot import' },
    });
  });

  it('orders without running anything, and types the instances', () => {
    const { order, excluded } = orderPlugins([{ id: 'b', requires: { a: '*' } }, { id: 'a' }]);
    expect(order.map((n) => n.id)).toEqual(['a', 'b']);
    expect(excluded.size).toBe(0);
    const lc = createLifecycle({ units: [{ id: 'a', load: () => ({ port: 1 }) }] });
    expectTypeOf(lc.instance('a')).toEqualTypeOf<{ port: number } | undefined>();
  });
});
