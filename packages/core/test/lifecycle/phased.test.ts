import { createLifecycle, ErrorCodes, type LifecycleUnit } from '@plugboard/core';
import { describe, expect, it } from 'vitest';

function build(fail: string[] = [], afterLoad?: () => void, afterStart?: () => void) {
  const calls: string[] = [];
  const loaded = (id: string) => {
    calls.push(`load ${id}`);
    return id;
  };
  const units: LifecycleUnit<string>[] = [
    { id: 'toolhead', load: () => loaded('toolhead') },
    {
      id: 'probe',
      requires: { toolhead: '*' },
      load: () => {
        calls.push('load probe');
        if (fail.includes('load:probe')) throw new Error('bad section');
        return 'probe';
      },
    },
    { id: 'macro', requires: { probe: '*' }, load: () => loaded('macro') },
  ];
  const hook =
    (name: string) =>
    ({ id }: { id: string }) => {
      calls.push(`${name} ${id}`);
      if (fail.includes(`${name}:${id}`)) throw new Error(`${name} ${id} broke`);
    };
  const lc = createLifecycle({
    units,
    phased: true,
    ...(afterLoad ? { afterLoad } : {}),
    ...(afterStart ? { afterStart } : {}),
    hooks: { start: hook('start'), enable: hook('enable'), stop: hook('stop'), unload: hook('unload') },
  });
  return { lc, calls };
}

describe('phased start (load all, then start all, then enable all)', () => {
  it('runs each phase over every plugin before the next phase', async () => {
    const seen: string[] = [];
    const { lc, calls } = build([], () => void seen.push(`afterLoad after ${calls.length} calls`));
    const report = await lc.start();
    expect(report.ok).toBe(true);
    expect(calls).toEqual([
      'load toolhead',
      'load probe',
      'load macro',
      'start toolhead',
      'start probe',
      'start macro',
      'enable toolhead',
      'enable probe',
      'enable macro',
    ]);
    expect(seen).toEqual(['afterLoad after 3 calls']);
  });

  it('a load failure skips dependents in the later phases with the reason', async () => {
    const { lc, calls } = build(['load:probe']);
    const report = await lc.start();
    expect(calls).toEqual(['load toolhead', 'load probe', 'start toolhead', 'enable toolhead']);
    expect(report.plugins.map((p) => [p.id, p.state, p.error?.code])).toEqual([
      ['toolhead', 'enabled', undefined],
      ['probe', 'failed', ErrorCodes.HOOK_FAILED],
      ['macro', 'skipped', ErrorCodes.DEPENDENCY_FAILED],
    ]);
  });

  it('a start failure unloads that plugin and unloads the dependents it had already loaded', async () => {
    const { lc, calls } = build(['start:probe']);
    const report = await lc.start();
    expect(calls).toEqual([
      'load toolhead',
      'load probe',
      'load macro',
      'start toolhead',
      'start probe',
      'unload probe',
      'unload macro',
      'enable toolhead',
    ]);
    expect(report.plugins.find((p) => p.id === 'macro')!.state).toBe('skipped');
  });

  it('afterLoad that throws unloads everything in reverse and rejects start()', async () => {
    const { lc, calls } = build([], () => {
      throw new Error("Option 'x' is not valid in section 'probe'");
    });
    await expect(lc.start()).rejects.toThrow("Option 'x' is not valid in section 'probe'");
    expect(calls).toEqual([
      'load toolhead',
      'load probe',
      'load macro',
      'unload macro',
      'unload probe',
      'unload toolhead',
    ]);
  });

  it('afterStart runs once, after every start and before the first enable', async () => {
    const seen: string[] = [];
    const { lc, calls } = build(
      [],
      () => void seen.push(`afterLoad after ${calls.length} calls`),
      () => void seen.push(`afterStart after ${calls.at(-1)}`),
    );
    expect((await lc.start()).ok).toBe(true);
    expect(seen).toEqual(['afterLoad after 3 calls', 'afterStart after start macro']);
    expect(calls.indexOf('enable toolhead')).toBe(calls.indexOf('start macro') + 1);
  });

  it('afterStart that throws stops and unloads everything in reverse and rejects start()', async () => {
    const { lc, calls } = build([], undefined, () => {
      throw new Error('connect failed');
    });
    await expect(lc.start()).rejects.toThrow('connect failed');
    expect(calls.slice(6)).toEqual([
      'stop macro',
      'unload macro',
      'stop probe',
      'unload probe',
      'stop toolhead',
      'unload toolhead',
    ]);
    expect(calls.some((c) => c.startsWith('enable'))).toBe(false);
    expect(lc.report().plugins.map((p) => p.state)).not.toContain('started');
  });
});
