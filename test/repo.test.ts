// Repository conventions that a reviewer would otherwise check by hand.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const workspaces = ['packages', 'apps', 'examples'].flatMap((root) =>
  readdirSync(root)
    .filter((d) => existsSync(`${root}/${d}/package.json`))
    .map((d) => ({ dir: `${root}/${d}`, pkg: read(`${root}/${d}/package.json`) })),
);
const published = workspaces.filter((w) => !w.pkg.private);

describe('repository conventions', () => {
  it.each(published.map((w) => [w.pkg.name, w] as const))(
    '%s is a well-formed ESM package',
    (_, { dir, pkg }) => {
      expect(pkg.type).toBe('module');
      expect(pkg.sideEffects).toBe(false);
      expect(pkg.engines?.node).toBe('>=20.19');
      expect(pkg.files).toContain('dist');
      expect(pkg.repository?.directory).toBe(dir);
      expect(Object.keys(pkg.exports['.'])[0]).toBe('types');
      expect(pkg.exports['./package.json']).toBe('./package.json');
      expect(existsSync(`${dir}/README.md`)).toBe(true);
      for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) {
        if (String(name).startsWith('@plugboard/')) expect(range).toMatch(/^(workspace:\^|\^\d)/);
      }
    },
  );

  it('releases the SDK packages together and examples on their own', () => {
    const config = read('.changeset/config.json');
    expect(config.baseBranch).toBe('main');
    const fixed: string[] = config.fixed[0];
    for (const { pkg } of published.filter(
      (w) => w.pkg.name.startsWith('@plugboard/') || w.pkg.name === 'plugboard',
    )) {
      expect(
        fixed.some(
          (pattern) =>
            pattern === pkg.name || (pattern.endsWith('/*') && pkg.name.startsWith(pattern.slice(0, -1))),
        ),
      ).toBe(true);
    }
    for (const { pkg } of published.filter((w) => w.pkg.name.startsWith('@plugboard-examples/'))) {
      expect(fixed.some((pattern) => pkg.name.startsWith(pattern.replace('*', '')))).toBe(false);
    }
  });

  it('every app has a demo that `npm run demo` runs', () => {
    for (const { pkg } of workspaces.filter((w) => w.dir.startsWith('apps/'))) {
      expect(pkg.private, pkg.name).toBe(true);
      expect(pkg.scripts?.demo, pkg.name).toBeTruthy();
    }
  });

  it('pins tool majors that run on Node 20', () => {
    const root = read('package.json');
    expect(root.packageManager).toMatch(/^pnpm@10\./);
    expect(root.devDependencies.vitest).toMatch(/^\^?4\./);
    expect(root.devDependencies['@changesets/cli']).toMatch(/^\^?2\./);
    expect(root.devDependencies.typescript).toMatch(/^\^?5\./);
  });

  it("keeps pnpm settings out of npm's way: npm in the repository warns about no project config", () => {
    // `npm test` and `npm run demo` start with npm reading the repository's .npmrc, if any
    expect(existsSync('.npmrc')).toBe(false);
    const r = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Unknown project config/);
    const workspace = readFileSync('pnpm-workspace.yaml', 'utf8');
    expect(workspace).toMatch(/^autoInstallPeers: false$/m);
  });
});
