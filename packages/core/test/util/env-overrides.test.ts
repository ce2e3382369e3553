import { applyOverrides, coerceText, envName, envOverrides } from '@plugboard/core';
import { describe, expect, it } from 'vitest';

describe('coerceText (the one rule for values typed as text)', () => {
  it.each([
    ['5', 1, 5],
    ['5x', 1, '5x'],
    ['', 1, ''],
    ['yes', false, true],
    ['off', true, false],
    ['maybe', true, 'maybe'],
    ['a, b,c', ['x'], ['a', 'b', 'c']],
    ['1,2', [0], [1, 2]],
    ['["a",1]', [], ['a', 1]],
    ['{"k":1}', {}, { k: 1 }],
    ['{bad', {}, '{bad'],
    ['text', 'default', 'text'],
    ['42', undefined, '42'],
  ])('%j replacing %j gives %j', (text, like, expected) => {
    expect(coerceText(text, like)).toEqual(expected);
  });
});

describe('envOverrides', () => {
  it('matches keys ignoring case and separators, indexes lists, converts by the replaced value', () => {
    const like = { diskUnit: 'GB', limits: { maxItems: 10 }, hosts: ['a', 'b'], verbose: false };
    const found = envOverrides({
      prefix: 'PROVISION_SYSINFO',
      like,
      env: {
        PROVISION_SYSINFO__DISK_UNIT: 'MB',
        PROVISION_SYSINFO__LIMITS__MAX_ITEMS: '3',
        PROVISION_SYSINFO__HOSTS__1: 'z',
        PROVISION_SYSINFO__VERBOSE: 'true',
        PROVISION_SYSINFO__NEW_KEY: 'n',
        PROVISION_OTHER__X: 'ignored',
      },
    });
    expect(found.map((o) => [o.variable, o.path, o.value])).toEqual([
      ['PROVISION_SYSINFO__DISK_UNIT', ['diskUnit'], 'MB'],
      ['PROVISION_SYSINFO__HOSTS__1', ['hosts', 1], 'z'],
      ['PROVISION_SYSINFO__LIMITS__MAX_ITEMS', ['limits', 'maxItems'], 3],
      ['PROVISION_SYSINFO__NEW_KEY', ['new_key'], 'n'],
      ['PROVISION_SYSINFO__VERBOSE', ['verbose'], true],
    ]);
    const target = structuredClone(like) as Record<string, unknown>;
    applyOverrides(target, found);
    expect(target).toEqual({
      diskUnit: 'MB',
      limits: { maxItems: 3 },
      hosts: ['a', 'z'],
      verbose: true,
      new_key: 'n',
    });
  });

  it('envName upper-cases and replaces other characters', () => {
    expect(envName('hello-world.v2')).toBe('HELLO_WORLD_V2');
  });
});
