import { defineHost, ErrorCodes, PlugboardError } from '@plugboard/core';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

interface Greeter {
  greet(name: string): string;
}

const greeterHost = () =>
  defineHost<Greeter, { title: string }>({
    group: 'greeter',
    adapter: { name: 'greeter-host', version: '2.1.0' },
    entryName: { pattern: /^[a-z]+$/, hint: 'lower-case letters only' },
    guard: (v) => (typeof (v as Greeter)?.greet === 'function' ? undefined : 'it has no greet() function'),
    meta: { schema: z.object({ title: z.string() }) },
  });

const greeter = (name: string, entry: string, extra: Record<string, unknown> = {}, peer = '^2.0.0') =>
  fixturePlugin({
    name,
    peerDependencies: { 'greeter-host': peer },
    entries: { greeter: { [entry]: `export default { greet: (n) => '${entry} ' + n }` } },
    manifest: { greeter: { title: `${entry} title` }, ...extra },
  });

describe('defineHost()', () => {
  it('discovers usable plugins with validated metadata, without importing them', async () => {
    using tree = createPackageTree({
      packages: [greeter('hello-plugin', 'hello'), greeter('hi-plugin', 'hi')],
    });
    const host = greeterHost();
    const found = host.discover({ cwd: tree.root, cache: false });
    expect(found.problems).toEqual([]);
    expect(found.plugins.map((p) => [p.name, p.meta?.title, p.source])).toEqual([
      ['hello', 'hello title', 'dependencies'],
      ['hi', 'hi title', 'dependencies'],
    ]);
    const hello = found.get('hello')!;
    expect((await hello.load()).greet('Ada')).toBe('hello Ada');
    expect(await hello.load()).toBe(await hello.load()); // imported once
    expectTypeOf(hello.meta).toEqualTypeOf<{ title: string } | undefined>();
    expectTypeOf(hello.load).returns.resolves.toEqualTypeOf<Greeter>();
  });

  it('excludes incompatible plugins, bad names and bad metadata, each with its own code', () => {
    using tree = createPackageTree({
      packages: [
        greeter('old-plugin', 'old', {}, '^1.0.0'),
        greeter('bad-name', 'Bad_Name'),
        fixturePlugin({
          name: 'bad-meta',
          entries: { greeter: { meta: 'export default { greet() {} }' } },
          manifest: { greeter: { title: 7 } },
        }),
      ],
    });
    const found = greeterHost().discover({ cwd: tree.root, cache: false });
    expect(found.plugins).toEqual([]);
    const why = Object.fromEntries(found.excluded.map((e) => [e.name, e.problem.code]));
    expect(why).toEqual({
      old: ErrorCodes.INCOMPATIBLE,
      Bad_Name: ErrorCodes.ENTRY_NAME_INVALID,
      meta: ErrorCodes.META_INVALID,
    });
    expect(found.why('old')?.details).toEqual({
      adapter: 'greeter-host',
      range: '^1.0.0',
      installed: '2.1.0',
    });
    expect(found.why('Bad_Name')?.message).toContain('lower-case letters only');
    expect(found.why('meta')?.message).toMatch(
      /greeter-host: bad-meta@1\.0\.0 has invalid plugboard\.greeter metadata \(plugboard\.greeter\.title: .+\)/,
    );
    expect(found.problems.map((p) => p.code).sort()).toEqual(
      [ErrorCodes.ENTRY_NAME_INVALID, ErrorCodes.INCOMPATIBLE, ErrorCodes.META_INVALID].sort(),
    );
  });

  it('keeps a plugin with invalid metadata when the host says warn', () => {
    using tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: 'loose',
          entries: { greeter: { loose: 'export default { greet() {} }' } },
          manifest: { greeter: { loose: { title: 1 } } },
        }),
      ],
    });
    const host = defineHost<Greeter, { title: string }>({
      group: 'greeter',
      adapter: { name: 'greeter-host', version: '2.1.0' },
      meta: { schema: z.object({ title: z.string() }), per: 'entry', onInvalid: 'warn' },
    });
    const found = host.discover({ cwd: tree.root, cache: false });
    expect(found.plugins.map((p) => [p.name, p.meta])).toEqual([['loose', undefined]]);
    expect(found.problems).toMatchObject([
      { code: ErrorCodes.META_INVALID, severity: 'warning', plugin: 'loose' },
    ]);
    expect(found.problems[0]!.message).toContain('plugboard.greeter.loose.title');
  });

  it('rejects a loaded value of the wrong shape with PB_SHAPE_INVALID', async () => {
    using tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: 'shapeless',
          entries: { greeter: { shape: 'export default 42' } },
          manifest: { greeter: { title: 't' } },
        }),
      ],
    });
    const found = greeterHost().discover({ cwd: tree.root, cache: false });
    const error = await found
      .get('shape')!
      .load()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlugboardError);
    expect(error).toMatchObject({ code: ErrorCodes.SHAPE_INVALID, package: 'shapeless', plugin: 'shape' });
    expect((error as Error).message).toContain('it has no greet() function');
  });

  it('merges provided plugins: first beats discovered, last fills gaps, overrides are warnings', async () => {
    using tree = createPackageTree({
      packages: [greeter('hello-plugin', 'hello'), greeter('hi-plugin', 'hi')],
    });
    const mine: Greeter = { greet: (n) => `mine ${n}` };
    const found = greeterHost().discover({
      cwd: tree.root,
      cache: false,
      provided: [
        { name: 'hello', value: mine, precedence: 'first' },
        { name: 'hi', value: mine },
        { name: 'builtin', load: () => mine, meta: { title: 'built in' } },
      ],
    });
    expect(found.plugins.map((p) => [p.name, p.source])).toEqual([
      ['hello', 'provided'],
      ['hi', 'dependencies'],
      ['builtin', 'provided'],
    ]);
    expect(await found.get('hello')!.load()).toBe(mine);
    expect(found.get('builtin')!.meta).toEqual({ title: 'built in' });
    expect(found.problems.map((p) => [p.code, p.severity, p.plugin])).toEqual([
      [ErrorCodes.DUPLICATE, 'warning', 'hello'],
      [ErrorCodes.DUPLICATE, 'warning', 'hi'],
    ]);
    expect(found.problems[0]!.message).toContain(
      'using greeter-host@2.1.0 because the host registered it explicitly',
    );
  });

  it('refuses both claimants of a name when duplicates are excluded', () => {
    using tree = createPackageTree({ packages: [greeter('one', 'same'), greeter('two', 'same')] });
    const host = defineHost<Greeter>({
      group: 'greeter',
      adapter: { name: 'greeter-host', version: '2.1.0' },
      duplicates: 'exclude',
    });
    const found = host.discover({ cwd: tree.root, cache: false });
    expect(found.plugins).toEqual([]);
    expect(found.why('same')).toMatchObject({ code: ErrorCodes.DUPLICATE, severity: 'error' });
  });

  it('explains a missing plugin with a did-you-mean, and an excluded one with the real reason', () => {
    using tree = createPackageTree({
      packages: [greeter('hello-plugin', 'hello'), greeter('old', 'old', {}, '^1.0.0')],
    });
    const host = greeterHost();
    const found = host.discover({ cwd: tree.root, cache: false });
    const missing = host.explain(found, 'helo');
    expect(missing.code).toBe(ErrorCodes.PLUGIN_NOT_FOUND);
    expect(missing.message).toBe(
      'greeter-host: no greeter plugin named "helo" is installed. Did you mean "hello"? Install a package that declares plugboard.entryPoints.greeter.helo, or check the name.',
    );
    expect(host.explain(found, 'old').code).toBe(ErrorCodes.INCOMPATIBLE);
  });

  it('checks the definition itself', () => {
    const bad = (def: unknown) => () => defineHost(def as Parameters<typeof defineHost>[0]);
    expect(bad({ group: 'Bad Group', adapter: { name: 'a', version: '1.0.0' } })).toThrow(
      /group must be lower-case/,
    );
    expect(bad({ group: 'ok' })).toThrow(/adapter must be \{ name, version \}/);
    expect(bad({ group: 'ok', adapter: { name: 'a', version: '1' }, meta: { schema: {} } })).toThrow(
      expect.objectContaining({ code: ErrorCodes.HOST_INVALID }),
    );
  });
});
