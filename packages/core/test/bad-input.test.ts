import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLifecycle, discover, type Problem } from '@plugboard/core';
import { createPackageTree, type FixturePackage, fixturePlugin } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const healthy = fixturePlugin({
  name: 'healthy',
  entries: { config: { OK: 'export default { ok: true }' } },
});

/** Discover in a tree holding one broken package beside a healthy one; the healthy one must still load. */
async function withBroken(broken: FixturePackage[]) {
  const tree = createPackageTree({ packages: [healthy, ...broken] });
  const result = await discover({ cwd: tree.root, group: 'config', cache: false });
  const ok = result.plugins.find((p) => p.name === 'OK');
  expect(await ok?.load()).toEqual({ ok: true });
  return { tree, result };
}

describe('bad input never crashes discovery', () => {
  it('package.json that is not JSON', async () => {
    const { tree, result } = await withBroken([
      { name: 'broken-json', rawPackageJson: '{ "name": "broken-json", "plugboard": { ' },
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'PB_PACKAGE_JSON_INVALID',
        path: join(tree.root, 'node_modules/broken-json/package.json'),
        message: expect.stringMatching(
          /broken-json\/package\.json is not valid JSON \(.+\); fix or reinstall that package\./,
        ),
      }),
    ]);
    tree.cleanup();
  });

  it('plugboard field of the wrong type', async () => {
    const { tree, result } = await withBroken([
      { name: 'wrong-type', plugboard: { entryPoints: { config: { BAD: 42 } }, requires: 'auth' } },
    ]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'PB_MANIFEST_INVALID', package: 'wrong-type' });
    expect(result.problems[0]!.message).toContain('Package "wrong-type" has an invalid "plugboard" field');
    expect(result.problems[0]!.message).toContain('plugboard.entryPoints.config.BAD:');
    expect(result.problems[0]!.message).toContain('plugboard.requires:');
    tree.cleanup();
  });

  it('entry module missing', async () => {
    const { tree, result } = await withBroken([
      { name: 'no-module', plugboard: { entryPoints: { config: { NM: './dist/nope.js' } } } },
    ]);
    const p = result.plugins.find((x) => x.name === 'NM')!;
    await expect(p.load()).rejects.toMatchObject({
      code: 'PB_ENTRY_MISSING',
      package: 'no-module',
      message: expect.stringContaining('entry module ./dist/nope.js does not exist'),
    });
    tree.cleanup();
  });

  it('named export missing', async () => {
    const { tree, result } = await withBroken([
      {
        name: 'no-export',
        plugboard: { entryPoints: { config: { NE: './x.js#Missing' } } },
        files: { 'x.js': 'export const Other = 1;' },
      },
    ]);
    await expect(result.plugins.find((x) => x.name === 'NE')!.load()).rejects.toMatchObject({
      code: 'PB_EXPORT_MISSING',
      message: expect.stringContaining('./x.js has no export "Missing" (exports: Other)'),
    });
    tree.cleanup();
  });

  it('module that throws on import', async () => {
    const { tree, result } = await withBroken([
      fixturePlugin({ name: 'throws', entries: { config: { TH: 'throw new Error("boom at import");' } } }),
    ]);
    const error = await result.plugins
      .find((x) => x.name === 'TH')!
      .load()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PB_LOAD_FAILED',
      message: expect.stringContaining('threw "boom at import"'),
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
    tree.cleanup();
  });

  it('two packages claiming one name', async () => {
    const { tree, result } = await withBroken([
      fixturePlugin({ name: 'claim-a', entries: { config: { SAME: 'export default "a"' } } }),
      fixturePlugin({ name: 'claim-b', entries: { config: { SAME: 'export default "b"' } } }),
    ]);
    const same = result.plugins.filter((p) => p.name === 'SAME');
    expect(same).toHaveLength(1);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'PB_DUPLICATE',
        severity: 'error',
        plugin: 'SAME',
        message: expect.stringMatching(
          /config plugin "SAME" is declared by claim-(a|b)@1\.0\.0 \(dependencies\) and claim-(a|b)@1\.0\.0 \(dependencies\); using .* Uninstall one of them or rename the entry point\./,
        ),
      }),
    ]);
    tree.cleanup();
  });

  it('a symlink loop inside node_modules', async () => {
    const tree = createPackageTree({ packages: [healthy] });
    symlinkSync('loop-a', join(tree.nodeModules, 'loop-b'));
    symlinkSync('loop-b', join(tree.nodeModules, 'loop-a'));
    mkdirSync(join(tree.nodeModules, '@scope'));
    symlinkSync('..', join(tree.nodeModules, '@scope', 'up')); // points back at node_modules
    const result = await discover({ cwd: tree.root, group: 'config', cache: false, sources: { scan: true } });
    expect(result.plugins.map((p) => p.name)).toEqual(['OK']);
    expect(result.problems.map((p) => p.code).sort()).toEqual(['PB_FS_LOOP', 'PB_FS_LOOP']);
    expect(result.problems[0]!.message).toMatch(
      /loop-[ab]\/package\.json is part of a symlink loop; remove the looping link/,
    );
    tree.cleanup();
  });

  it('an unreadable directory', async () => {
    const tree = createPackageTree({
      packages: [
        healthy,
        fixturePlugin({ name: '@locked/p', entries: { config: { L: 'export default 1' } } }),
      ],
    });
    chmodSync(join(tree.nodeModules, '@locked'), 0o000);
    const script = `
      const { discover } = await import(${JSON.stringify(coreDist)});
      const r = await discover({ cwd: ${JSON.stringify(tree.root)}, group: 'config', cache: false, sources: { scan: true, dependencies: false } });
      console.log(JSON.stringify({ names: r.plugins.map((p) => p.name), problems: r.problems.map(({ cause, ...p }) => p) }));`;
    // Root reads through permission bits (CAP_DAC_OVERRIDE): as root, run the check
    // without those capabilities (util-linux setpriv) so the folder is really unreadable.
    const asRoot = process.getuid?.() === 0;
    const [cmd, args] = asRoot
      ? ['setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath]]
      : [process.execPath, []];
    const run = spawnSync(cmd, [...args, '--input-type=module', '-e', script], { encoding: 'utf8' });
    chmodSync(join(tree.nodeModules, '@locked'), 0o755);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { names: string[]; problems: Problem[] };
    expect(out.names).toEqual(['OK']);
    expect(out.problems).toEqual([
      {
        code: 'PB_FS_UNREADABLE',
        path: join(tree.nodeModules, '@locked'),
        message: `Cannot read ${join(tree.nodeModules, '@locked')} (EACCES); check its permissions or reinstall the package.`,
      },
    ]);
    tree.cleanup();
  });
});

const coreDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
it('core is built for the subprocess checks', () => {
  expect(existsSync(coreDist), 'run `pnpm build` (npm test does) before the unreadable-directory check').toBe(
    true,
  );
});

describe('bad input in the lifecycle', () => {
  const unit = (id: string, extra: object = {}) => ({ id, version: '1.0.0', load: () => ({ id }), ...extra });

  it('a hook that hangs times out and the rest still start', async () => {
    const lc = createLifecycle({
      units: [unit('hangs'), unit('fine')],
      timeoutMs: 50,
      hooks: {
        start: ({ id, signal }) =>
          id === 'hangs' ? new Promise((r) => signal.addEventListener('abort', r)) : undefined,
      },
    });
    const report = await lc.start();
    expect(report.ok).toBe(false);
    expect(report.plugins.map((p) => [p.id, p.state])).toEqual([
      ['hangs', 'failed'],
      ['fine', 'enabled'],
    ]);
    expect(report.plugins[0]!.error).toMatchObject({
      code: 'PB_HOOK_TIMEOUT',
      message:
        'Plugin "hangs" did not finish its start hook within 50 ms; it was marked failed. Make the hook finish sooner, or raise the timeout.',
    });
  });

  it('a hook that throws fails that plugin only, and its dependents are skipped', async () => {
    const lc = createLifecycle({
      units: [unit('throws'), unit('needs-throws', { requires: { throws: '^1.0.0' } }), unit('fine')],
      hooks: {
        start: ({ id }) => {
          if (id === 'throws') throw new Error('cannot connect');
        },
      },
    });
    const report = await lc.start();
    expect(report.plugins.map((p) => [p.id, p.state, p.error?.code])).toEqual([
      ['throws', 'failed', 'PB_HOOK_FAILED'],
      ['needs-throws', 'skipped', 'PB_DEPENDENCY_FAILED'],
      ['fine', 'enabled', undefined],
    ]);
    expect(report.plugins[0]!.error!.message).toBe(
      'Plugin "throws" failed in its start hook: cannot connect',
    );
    expect(report.plugins[0]!.error!.cause).toBeInstanceOf(Error);
    expect(report.plugins[1]!.error!.message).toContain(
      'skipped because it requires "throws", which cannot start (PB_HOOK_FAILED: ',
    );
  });

  it('a requires cycle A→B→C→A names every plugin involved', async () => {
    const lc = createLifecycle({
      units: [
        unit('A', { requires: { B: '*' } }),
        unit('B', { requires: { C: '*' } }),
        unit('C', { requires: { A: '*' } }),
        unit('D', { requires: { A: '*' } }),
        unit('E'),
      ],
    });
    const report = await lc.start();
    const byId = Object.fromEntries(report.plugins.map((p) => [p.id, p]));
    for (const id of ['A', 'B', 'C']) {
      expect(byId[id]).toMatchObject({ state: 'failed', error: { code: 'PB_REQUIRE_CYCLE' } });
      expect(byId[id]!.error!.message).toMatch(
        /requirement cycle \((A → B → C → A|B → C → A → B|C → A → B → C)\)/,
      );
    }
    expect(byId.D).toMatchObject({ state: 'skipped', error: { code: 'PB_DEPENDENCY_FAILED' } });
    expect(byId.E!.state).toBe('enabled');
  });

  it('a missing requirement and an incompatible one', async () => {
    const lc = createLifecycle({
      units: [
        unit('needs-auth', { requires: { auth: '^1.0.0' } }),
        unit('old', { version: '0.9.0' }),
        unit('needs-new', { requires: { old: '^1.0.0' } }),
      ],
    });
    const report = await lc.start();
    const byId = Object.fromEntries(report.plugins.map((p) => [p.id, p]));
    expect(byId['needs-auth']!.error).toMatchObject({
      code: 'PB_REQUIRE_MISSING',
      message:
        'Plugin "needs-auth" requires "auth" (^1.0.0), which is not installed; install a package that provides "auth" or remove "needs-auth".',
    });
    expect(byId['needs-new']!.error).toMatchObject({
      code: 'PB_REQUIRE_INCOMPATIBLE',
      message:
        'Plugin "needs-new" requires "old" ^1.0.0 but 0.9.0 is installed; install a matching version of "old".',
    });
    expect(byId.old!.state).toBe('enabled');
  });
});
