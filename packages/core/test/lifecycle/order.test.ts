import { ErrorCodes, orderPlugins, type Problem } from '@plugboard/core';
import { describe, expect, it } from 'vitest';

const ids = (list: { id: string }[]) => list.map((n) => n.id);

describe('orderPlugins', () => {
  it('puts requirements first and otherwise keeps input order', () => {
    const { order, excluded } = orderPlugins([
      { id: 'web', requires: { auth: '*', db: '*' } },
      { id: 'metrics' },
      { id: 'auth', requires: { db: '*' } },
      { id: 'db' },
    ]);
    expect(ids(order)).toEqual(['db', 'auth', 'web', 'metrics']);
    expect(excluded.size).toBe(0);
  });

  it('a missing requirement: PB_REQUIRE_MISSING naming both plugins', () => {
    const { order, excluded } = orderPlugins([{ id: 'web', requires: { auth: '^1.0.0' } }, { id: 'db' }]);
    expect(ids(order)).toEqual(['db']);
    expect(excluded.get('web')).toEqual({
      code: ErrorCodes.REQUIRE_MISSING,
      message:
        'Plugin "web" requires "auth" (^1.0.0), which is not installed; install a package that provides "auth" or remove "web".',
      plugin: 'web',
    });
  });

  it('an installed version outside the range: PB_REQUIRE_INCOMPATIBLE; an invalid range counts as outside', () => {
    const { excluded } = orderPlugins([
      { id: 'web', requires: { auth: '^2.0.0' } },
      { id: 'api', requires: { auth: 'not a range' } },
      { id: 'auth', version: '1.4.0' },
    ]);
    expect(excluded.get('web')).toMatchObject({ code: ErrorCodes.REQUIRE_INCOMPATIBLE });
    expect(excluded.get('web')!.message).toBe(
      'Plugin "web" requires "auth" ^2.0.0 but 1.4.0 is installed; install a matching version of "auth".',
    );
    expect(excluded.get('api')).toMatchObject({ code: ErrorCodes.REQUIRE_INCOMPATIBLE });
  });

  it('prerelease versions satisfy ranges that include them', () => {
    const { excluded } = orderPlugins([
      { id: 'web', requires: { auth: '^2.0.0-0' } },
      { id: 'auth', version: '2.0.0-beta.1' },
    ]);
    expect(excluded.size).toBe(0);
  });

  it('a cycle excludes every member with the path, and a self-loop is a cycle', () => {
    const { order, excluded } = orderPlugins([
      { id: 'a', requires: { b: '*' } },
      { id: 'b', requires: { c: '*' } },
      { id: 'c', requires: { a: '*' } },
      { id: 'self', requires: { self: '*' } },
      { id: 'free' },
    ]);
    expect(ids(order)).toEqual(['free']);
    for (const id of ['a', 'b', 'c']) {
      expect(excluded.get(id)).toMatchObject({ code: ErrorCodes.REQUIRE_CYCLE, plugin: id });
      expect(excluded.get(id)!.message).toContain('(a → b → c → a)');
    }
    expect(excluded.get('self')!.message).toContain('(self → self)');
  });

  it('dependents of an excluded plugin are excluded with PB_DEPENDENCY_FAILED and the real reason', () => {
    const pre = new Map<string, Problem>([
      ['db', { code: ErrorCodes.INCOMPATIBLE, message: 'db-pkg needs host@^2 but 3.0.0 is installed.' }],
    ]);
    const { order, excluded } = orderPlugins(
      [{ id: 'db' }, { id: 'auth', requires: { db: '*' } }, { id: 'web', requires: { auth: '*' } }],
      pre,
    );
    expect(order).toEqual([]);
    expect(excluded.get('auth')).toEqual({
      code: ErrorCodes.DEPENDENCY_FAILED,
      message:
        'Plugin "auth" was skipped because it requires "db", which cannot start (PB_INCOMPATIBLE: db-pkg needs host@^2 but 3.0.0 is installed). Fix "db" first.',
      plugin: 'auth',
      details: { dependency: 'db', reason: ErrorCodes.INCOMPATIBLE },
    });
    expect(excluded.get('web')!.details).toEqual({
      dependency: 'auth',
      reason: ErrorCodes.DEPENDENCY_FAILED,
    });
  });
});
