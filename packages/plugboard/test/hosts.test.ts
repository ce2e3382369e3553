import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPackageTree, type FixturePackage, fixturePlugin } from '@plugboard/testing';
import { formatPluginTable, listProject, loadGroupHost, runDoctor } from 'plugboard';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAdapter } from './helpers.js';

const trees: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.cleanup();
});

function project(packages: FixturePackage[] = [], packageJson: Record<string, unknown> = {}) {
  const tree = createPackageTree({ packages, layout: 'npm', packageJson });
  trees.push(tree);
  return tree;
}

/** The real, built @plugboard/config, linked into a fixture project as npm would link a local package. */
const configDir = fileURLToPath(new URL('../../config/', import.meta.url));
function linkConfig(root: string) {
  mkdirSync(join(root, 'node_modules', '@plugboard'), { recursive: true });
  symlinkSync(configDir, join(root, 'node_modules', '@plugboard', 'config'), 'dir');
}

const resolver = (prefix: string) => `export default { prefix: '${prefix}', resolve: (v) => v };`;

describe('doctor sees what each host sees', () => {
  it('built @plugboard/config is there for the adapter checks', () => {
    expect(existsSync(join(configDir, 'dist', 'plugin-host.js')), 'run `pnpm build` first').toBe(true);
  });

  it("loads the group's host from the adapter (@plugboard/config/host): its name rule and duplicates rule apply", async () => {
    const tree = project([
      fixturePlugin({ name: 'lower', entries: { config: { vault: resolver('VAULT') } } }),
      fixturePlugin({ name: 'kv-a', entries: { config: { KV: resolver('KV') } } }),
      fixturePlugin({ name: 'kv-b', entries: { config: { KV: resolver('KV') } } }),
    ]);
    linkConfig(tree.root);
    expect((await loadGroupHost('config', tree.root)).kind).toBe('adapter');
    const report = await runDoctor({ cwd: tree.root });
    expect(report.findings.map((f) => [f.code, f.package])).toEqual(
      expect.arrayContaining([
        ['PB_ENTRY_NAME_INVALID', 'lower'],
        ['PB_DUPLICATE', 'kv-b'],
      ]),
    );
    const named = report.findings.find((f) => f.code === 'PB_ENTRY_NAME_INVALID')!;
    expect(named.message).toContain('upper-case letters');
    expect(named.group).toBe('config');
    const { plugins, leftOut } = await listProject({ cwd: tree.root });
    expect(plugins.map((p) => [p.name, p.package, p.status])).toEqual([
      ['KV', 'kv-a', 'excluded'],
      ['vault', 'lower', 'excluded'],
    ]);
    expect(leftOut).toBe(2);
    expect(formatPluginTable(plugins, leftOut)).toContain(
      '2 package(s) left out for problems; run `plugboard doctor` to see why and what to do.',
    );
  });

  it('sees linked (paths) and user-dir plugins, as a host given those sources does', async () => {
    const tree = project([fakeAdapter('cli', '1.0.0')]);
    const linked = join(tree.root, 'linked');
    mkdirSync(linked);
    writeFileSync(
      join(linked, 'package.json'),
      JSON.stringify({
        name: 'linked-plugin',
        version: '1.0.0',
        plugboard: { entryPoints: { cli: { hi: './x.js' } } },
      }),
    );
    writeFileSync(join(linked, 'x.js'), 'export default {}');
    const rows = (await listProject({ cwd: tree.root, paths: [linked] })).plugins;
    expect(rows.map((r) => [r.name, r.source, r.status])).toEqual([['hi', 'path', 'usable']]);
  });

  it('an adapter without a host module gets a plain host: discovery and the peer range only', async () => {
    const tree = project([fakeAdapter('cli', '1.0.0')]);
    expect((await loadGroupHost('cli', tree.root)).kind).toBe('plain');
    expect((await loadGroupHost('nosuch', tree.root)).kind).toBe('none');
  });

  it('a host module that exports no host is PB_TOOL_HOST_MODULE_INVALID', async () => {
    const tree = project([
      {
        ...fakeAdapter('cli', '1.0.0', { 'host.js': 'export const nothing = 1;\n' }),
        packageJson: {
          exports: { '.': './index.js', './host': './host.js', './package.json': './package.json' },
        },
      },
    ]);
    await expect(loadGroupHost('cli', tree.root)).rejects.toMatchObject({
      code: 'PB_TOOL_HOST_MODULE_INVALID',
      message: expect.stringMatching(
        /^plugboard: @plugboard\/cli\/host \(.*host\.js\) exports no host for the cli group/,
      ),
    });
  });
});

describe('manifest mistakes', () => {
  it('an unknown key in the plugboard field is named with a did-you-mean, without doubled punctuation', async () => {
    const tree = project([
      {
        name: 'typo',
        version: '1.0.0',
        packageJson: { plugboard: { entryPonts: { cli: { x: './x.js' } } } },
        files: { 'x.js': 'export default {}' },
      },
      fixturePlugin({
        name: 'extra-key',
        entries: { cli: { y: 'export default {}' } },
        manifest: { desription: 'x' },
      }),
    ]);
    const report = await runDoctor({ cwd: tree.root });
    const unknown = report.findings
      .filter((f) => f.code === 'PB_TOOL_MANIFEST_KEY_UNKNOWN')
      .sort((a, b) => b.package!.localeCompare(a.package!));
    expect(unknown.map((f) => [f.package, f.severity, f.message, f.fix])).toEqual([
      [
        'typo',
        'warning',
        'typo@1.0.0 has the key "entryPonts" in its "plugboard" field, which no installed host reads; did you mean "entryPoints"?',
        `Rename "entryPonts" to "entryPoints" in ${unknown[0]!.path}.`,
      ],
      [
        'extra-key',
        'warning',
        'extra-key@1.0.0 has the key "desription" in its "plugboard" field, which no installed host reads; did you mean "description"?',
        `Rename "desription" to "description" in ${unknown[1]!.path}.`,
      ],
    ]);
    expect(report.findings.some((f) => f.code === 'PB_MANIFEST_INVALID' && f.package === 'typo')).toBe(true);
    for (const f of report.findings) {
      expect(f.message).not.toMatch(/[.!?;:]\s*[.;]|\.\./);
      expect(f.fix).not.toMatch(/[.!?;:]\s*[.;]|\.\./);
    }
  });

  it('a near-miss top-level field (plugbaord) is a warning in doctor, and list points to doctor', async () => {
    const tree = project([
      {
        name: 'misspelt',
        version: '1.0.0',
        packageJson: { plugbaord: { entryPoints: { cli: { x: './x.js' } } } },
        files: { 'x.js': 'export default {}' },
      },
      { name: 'left-pad', version: '1.3.0' },
    ]);
    const report = await runDoctor({ cwd: tree.root });
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 1 });
    expect(report.findings[0]).toMatchObject({
      code: 'PB_TOOL_MANIFEST_FIELD_MISSPELT',
      package: 'misspelt',
      message:
        'misspelt@1.0.0 has a top-level "plugbaord" field; did you mean "plugboard"? No host sees its plugins until the field is named "plugboard".',
      fix: expect.stringMatching(/^Rename the "plugbaord" field to "plugboard" in .*package\.json\.$/),
    });
  });

  it('list says when packages were left out for problems', async () => {
    const tree = project([
      { name: 'broken', version: '1.0.0', rawPackageJson: '{ "name": "broken", "plugboard": ' },
      fixturePlugin({ name: 'fine', entries: { cli: { ok: 'export default {}' } } }),
    ]);
    const { plugins, leftOut } = await listProject({ cwd: tree.root, scan: true });
    expect(plugins.map((p) => p.name)).toEqual(['ok']);
    expect(leftOut).toBe(1);
  });
});
