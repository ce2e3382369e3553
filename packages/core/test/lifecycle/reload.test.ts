import { createLifecycle, ErrorCodes, type LifecycleUnit, type PluginState } from '@plugboard/core';
import { describe, expect, it } from 'vitest';

interface Build {
  /** `hook:id` pairs that throw, e.g. `start:auth`; read at call time. */
  fail?: Set<string>;
  autoEnable?: boolean;
  phased?: boolean;
}

// db ← auth ← web, and metrics on its own.
function build(o: Build = {}) {
  const fail = o.fail ?? new Set<string>();
  const calls: string[] = [];
  const states: string[] = [];
  const loads = new Map<string, number>();
  const unit = (id: string, requires?: Record<string, string>): LifecycleUnit<string> => ({
    id,
    version: '1.0.0',
    requires,
    load: () => {
      calls.push(`load ${id}`);
      if (fail.has(`load:${id}`)) throw new Error(`${id} does not import`);
      const n = (loads.get(id) ?? 0) + 1;
      loads.set(id, n);
      return `${id}#${n}`;
    },
  });
  const hook =
    (name: string) =>
    ({ id, instance }: { id: string; instance: string }) => {
      calls.push(`${name} ${instance}`);
      if (fail.has(`${name}:${id}`)) throw new Error(`${name} of ${id} broke`);
    };
  const extra = { afterLoad: 0, afterStart: 0 };
  const lc = createLifecycle<string>({
    units: [unit('web', { auth: '^1.0.0' }), unit('auth', { db: '*' }), unit('db'), unit('metrics')],
    hooks: {
      start: hook('start'),
      enable: hook('enable'),
      disable: hook('disable'),
      stop: hook('stop'),
      unload: hook('unload'),
    },
    ...(o.autoEnable === false ? { autoEnable: false } : {}),
    ...(o.phased
      ? { phased: true, afterLoad: () => void extra.afterLoad++, afterStart: () => void extra.afterStart++ }
      : {}),
    onStateChange: (id, state: PluginState, error) =>
      states.push(`${id} ${state}${error ? ` ${error.code}` : ''}`),
  });
  return { lc, calls, states, fail, unit, extra };
}

const summary = (r: { plugins: { id: string; state: string; error?: { code: string } | undefined }[] }) =>
  r.plugins.map((p) => `${p.id} ${p.state}${p.error ? ` ${p.error.code}` : ''}`);

describe('lifecycle reload(id)', () => {
  it('tears the plugin down after its dependents, as stop does, and brings both up again with a new load', async () => {
    const { lc, calls } = build();
    await lc.start();
    calls.length = 0;
    const report = await lc.reload('auth');
    expect(calls).toEqual([
      'disable web#1',
      'stop web#1',
      'unload web#1',
      'disable auth#1',
      'stop auth#1',
      'unload auth#1',
      'load auth',
      'start auth#2',
      'enable auth#2',
      'load web',
      'start web#2',
      'enable web#2',
    ]);
    expect(report.ok).toBe(true);
    expect(summary(report)).toEqual(['auth enabled', 'web enabled']);
    for (const p of report.plugins) expect(p.ms).toBeGreaterThanOrEqual(0);
    expect(lc.instance('auth')).toBe('auth#2');
    expect(lc.instance('db')).toBe('db#1'); // providers and unrelated plugins keep running
    expect(lc.state('metrics')).toBe('enabled');
    // stop still runs in reverse load order: the reloaded ones were loaded last.
    calls.length = 0;
    await lc.stop();
    expect(calls.filter((c) => c.startsWith('stop'))).toEqual([
      'stop web#2',
      'stop auth#2',
      'stop metrics#1',
      'stop db#1',
    ]);
  });

  it('a load that fails leaves the plugin failed and its dependents skipped; the next good reload recovers both', async () => {
    const { lc, fail, states } = build();
    await lc.start();
    fail.add('load:auth');
    const bad = await lc.reload('auth');
    expect(bad.ok).toBe(false);
    expect(summary(bad)).toEqual([
      `auth failed ${ErrorCodes.HOOK_FAILED}`,
      `web skipped ${ErrorCodes.DEPENDENCY_FAILED}`,
    ]);
    expect(lc.report().plugins.find((p) => p.id === 'web')).toMatchObject({
      state: 'skipped',
      error: { code: ErrorCodes.DEPENDENCY_FAILED, details: { dependency: 'auth' } },
    });
    expect(lc.report().plugins.find((p) => p.id === 'auth')!.error!.message).toMatch(/auth does not import/);
    expect(lc.state('db')).toBe('enabled');

    fail.delete('load:auth');
    states.length = 0;
    const good = await lc.reload('auth');
    expect(summary(good)).toEqual(['auth enabled', 'web enabled']);
    expect(good.ok).toBe(true);
    expect(lc.instance('web')).toBe('web#2');
    expect(states).toContain('web validated');
  });

  it('a throwing start cleans that plugin up and fails it with a coded error; other plugins are untouched', async () => {
    const { lc, fail, calls } = build();
    await lc.start();
    fail.add('start:web');
    calls.length = 0;
    const report = await lc.reload('web');
    expect(summary(report)).toEqual([`web failed ${ErrorCodes.HOOK_FAILED}`]);
    expect(report.plugins[0]!.error!.message).toMatch(
      /Plugin "web" failed in its start hook: start of web broke/,
    );
    expect(calls).toEqual([
      'disable web#1',
      'stop web#1',
      'unload web#1',
      'load web',
      'start web#2',
      'unload web#2',
    ]);
    expect(lc.state('auth')).toBe('enabled');
  });

  it('a failing teardown hook is reported and does not stop the fresh start', async () => {
    const { lc, fail, states } = build();
    await lc.start();
    fail.add('stop:metrics');
    states.length = 0;
    const report = await lc.reload('metrics');
    expect(states).toContain(`metrics failed ${ErrorCodes.HOOK_FAILED}`);
    expect(summary(report)).toEqual(['metrics enabled']);
    expect(report.ok).toBe(true);
  });

  it('takes a new unit (new requires, new version) and orders it again', async () => {
    const { lc, unit } = build();
    await lc.start();
    const missing = await lc.reload('metrics', { unit: unit('metrics', { tracing: '*' }) });
    expect(summary(missing)).toEqual([`metrics failed ${ErrorCodes.REQUIRE_MISSING}`]);
    const cycle = await lc.reload('db', { unit: unit('db', { web: '*' }) });
    expect(summary(cycle).sort()).toEqual([
      `auth failed ${ErrorCodes.REQUIRE_CYCLE}`,
      `db failed ${ErrorCodes.REQUIRE_CYCLE}`,
      `web failed ${ErrorCodes.REQUIRE_CYCLE}`,
    ]);
    const fixed = await lc.reload('db', { unit: unit('db') });
    expect(summary(fixed)).toEqual(['db enabled', 'auth enabled', 'web enabled']);
    const newer = { ...unit('auth', { db: '*' }), version: '2.0.0' };
    const incompatible = await lc.reload('auth', { unit: newer });
    expect(summary(incompatible)).toEqual(['auth enabled', `web failed ${ErrorCodes.REQUIRE_INCOMPATIBLE}`]);
  });

  it('a problem instead of a unit fails the plugin with it (e.g. its manifest became invalid)', async () => {
    const { lc, unit } = build();
    await lc.start();
    const problem = { code: ErrorCodes.META_INVALID, message: 'bad metadata', plugin: 'auth' };
    const report = await lc.reload('auth', () => ({ problem }));
    expect(summary(report)).toEqual([
      `auth failed ${ErrorCodes.META_INVALID}`,
      `web skipped ${ErrorCodes.DEPENDENCY_FAILED}`,
    ]);
    const thrown = await lc.reload('auth', () => {
      throw new Error('cannot read package.json');
    });
    expect(thrown.plugins[0]).toMatchObject({ state: 'failed', error: { code: ErrorCodes.HOOK_FAILED } });
    // The problem stays until a reload brings a unit again.
    expect(summary(await lc.reload('auth'))[0]).toBe(`auth failed ${ErrorCodes.HOOK_FAILED}`);
    expect(summary(await lc.reload('auth', { unit: unit('auth', { db: '*' }) }))).toEqual([
      'auth enabled',
      'web enabled',
    ]);
  });

  it('keeps a disabled plugin disabled, and honours autoEnable: false', async () => {
    const { lc, calls } = build();
    await lc.start();
    await lc.disable('web');
    calls.length = 0;
    const report = await lc.reload('auth');
    expect(summary(report)).toEqual(['auth enabled', 'web disabled']);
    expect(report.ok).toBe(true);
    expect(calls).not.toContain('enable web#2');
    await lc.enable('web');
    expect(lc.state('web')).toBe('enabled');

    const manual = build({ autoEnable: false });
    await manual.lc.start();
    expect(summary(await manual.lc.reload('db'))).toEqual(['db started', 'auth started', 'web started']);
  });

  it('reloads one unit of a phased lifecycle without phases or their callbacks', async () => {
    const { lc, calls, extra } = build({ phased: true });
    await lc.start();
    expect(extra).toEqual({ afterLoad: 1, afterStart: 1 });
    calls.length = 0;
    await lc.reload('web');
    expect(calls).toEqual([
      'disable web#1',
      'stop web#1',
      'unload web#1',
      'load web',
      'start web#2',
      'enable web#2',
    ]);
    expect(extra).toEqual({ afterLoad: 1, afterStart: 1 });
  });

  it('runs reloads one at a time, and refuses unknown ids and a lifecycle that is not running', async () => {
    const { lc, calls } = build();
    await expect(lc.reload('db')).rejects.toMatchObject({
      code: ErrorCodes.INVALID_STATE,
      message: expect.stringMatching(/before start\(\) has finished/),
    });
    await lc.start();
    await expect(lc.reload('nope')).rejects.toMatchObject({ code: ErrorCodes.INVALID_STATE, plugin: 'nope' });
    await expect(lc.reload('db', { unit: build().unit('auth') })).rejects.toMatchObject({
      code: ErrorCodes.INVALID_STATE,
      message: 'Cannot reload plugin "db" with the unit of "auth"; give a unit whose id is "db".',
    });
    calls.length = 0;
    await Promise.all([lc.reload('metrics'), lc.reload('metrics')]);
    expect(calls).toEqual([
      'disable metrics#1',
      'stop metrics#1',
      'unload metrics#1',
      'load metrics',
      'start metrics#2',
      'enable metrics#2',
      'disable metrics#2',
      'stop metrics#2',
      'unload metrics#2',
      'load metrics',
      'start metrics#3',
      'enable metrics#3',
    ]);
    const pending = lc.reload('db');
    const stopped = lc.stop();
    await pending; // the reload in flight finishes before stop tears everything down
    expect((await stopped).plugins.every((p) => p.state === 'unloaded')).toBe(true);
    await expect(lc.reload('db')).rejects.toMatchObject({
      code: ErrorCodes.INVALID_STATE,
      message: expect.stringMatching(/after stop\(\)/),
    });
  });
});
