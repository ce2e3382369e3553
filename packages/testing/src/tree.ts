import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** One package to place in the tree. */
export interface FixturePackage {
  name: string;
  /** Default `1.0.0`. */
  version?: string;
  /** The `plugboard` manifest field; omit for an ordinary package. */
  plugboard?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  /** Extra package.json fields (merged last). */
  packageJson?: Record<string, unknown>;
  /** Write this text as package.json instead (to test broken files). */
  rawPackageJson?: string;
  /** Files relative to the package folder, e.g. `{ 'dist/index.js': 'export default {}' }`. */
  files?: Record<string, string>;
}

export type TreeLayout = 'npm' | 'pnpm';

export interface CreatePackageTreeOptions {
  /** `npm` (flat, hoisted) or `pnpm` (virtual store with symlinks). Default `npm`. */
  layout?: TreeLayout;
  packages?: FixturePackage[];
  /** Names the project depends on directly. Default: every package given. */
  dependencies?: string[];
  /** Project folder to use; default a new temp folder. */
  root?: string;
  /** Name of the host project's package. Default `fixture-host`. */
  name?: string;
  /** Extra root package.json fields. */
  packageJson?: Record<string, unknown>;
}

export interface AddPackageOptions {
  /** Add it to the project's dependencies (default true). */
  direct?: boolean;
  /** Rewrite the lockfile and install marker, as a package manager does (default true). */
  touchLockfile?: boolean;
}

export interface PackageTree {
  root: string;
  nodeModules: string;
  layout: TreeLayout;
  /** The folder a package is reachable at from the project (a symlink under pnpm). */
  dirOf(name: string): string;
  /** Install one more package, as `npm install` / `pnpm add` would lay it out. */
  addPackage(pkg: FixturePackage, options?: AddPackageOptions): string;
  /** Remove a package, as `npm uninstall` would. */
  removePackage(name: string, options?: Pick<AddPackageOptions, 'touchLockfile'>): void;
  cleanup(): void;
  [Symbol.dispose](): void;
}

function storeName(pkg: FixturePackage): string {
  return `${pkg.name.replace('/', '+')}@${pkg.version ?? '1.0.0'}`;
}

function writeFiles(dir: string, pkg: FixturePackage): void {
  mkdirSync(dir, { recursive: true });
  const json = {
    name: pkg.name,
    version: pkg.version ?? '1.0.0',
    type: 'module',
    ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
    ...(pkg.peerDependencies ? { peerDependencies: pkg.peerDependencies } : {}),
    ...(pkg.plugboard !== undefined ? { plugboard: pkg.plugboard } : {}),
    ...pkg.packageJson,
  };
  writeFileSync(join(dir, 'package.json'), pkg.rawPackageJson ?? `${JSON.stringify(json, null, 2)}\n`);
  for (const [file, content] of Object.entries(pkg.files ?? {})) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
}

function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true, recursive: true });
  symlinkSync(relative(dirname(path), target), path, 'dir');
}

/**
 * Build a real installed package tree on disk: a host project with a
 * package.json and a `node_modules` laid out the way npm or pnpm would.
 */
export function createPackageTree(options: CreatePackageTreeOptions = {}): PackageTree {
  const layout = options.layout ?? 'npm';
  const root = options.root ?? realpathSync(mkdtempSync(join(tmpdir(), 'plugboard-tree-')));
  mkdirSync(root, { recursive: true });
  const nodeModules = join(root, 'node_modules');
  const packages = new Map<string, FixturePackage>();
  const direct = new Set(options.dependencies ?? (options.packages ?? []).map((p) => p.name));
  let installs = 0;

  const writeRoot = () => {
    const deps = Object.fromEntries([...direct].map((n) => [n, packages.get(n)?.version ?? '*']));
    writeFileSync(
      join(root, 'package.json'),
      `${JSON.stringify({ name: options.name ?? 'fixture-host', version: '0.0.0', private: true, type: 'module', dependencies: deps, ...options.packageJson }, null, 2)}\n`,
    );
  };
  const touchLockfile = () => {
    installs++;
    const lock = layout === 'pnpm' ? 'pnpm-lock.yaml' : 'package-lock.json';
    writeFileSync(
      join(root, lock),
      `# fixture lockfile, install #${installs}\n${[...packages.keys()].sort().join('\n')}\n`,
    );
    mkdirSync(nodeModules, { recursive: true });
    writeFileSync(
      join(nodeModules, layout === 'pnpm' ? '.modules.yaml' : '.package-lock.json'),
      `install ${installs}\n`,
    );
  };

  const place = (pkg: FixturePackage): string => {
    if (layout === 'npm') {
      const dir = join(nodeModules, pkg.name);
      writeFiles(dir, pkg);
      return dir;
    }
    const real = join(nodeModules, '.pnpm', storeName(pkg), 'node_modules', pkg.name);
    writeFiles(real, pkg);
    return real;
  };
  const linkPnpm = () => {
    for (const pkg of packages.values()) {
      const storeModules = join(nodeModules, '.pnpm', storeName(pkg), 'node_modules');
      for (const dep of Object.keys(pkg.dependencies ?? {})) {
        const target = packages.get(dep);
        if (target)
          link(join(nodeModules, '.pnpm', storeName(target), 'node_modules', dep), join(storeModules, dep));
      }
    }
    for (const name of direct) {
      const pkg = packages.get(name);
      if (pkg)
        link(join(nodeModules, '.pnpm', storeName(pkg), 'node_modules', name), join(nodeModules, name));
    }
  };

  for (const pkg of options.packages ?? []) {
    packages.set(pkg.name, pkg);
    place(pkg);
  }
  if (layout === 'pnpm') linkPnpm();
  writeRoot();
  touchLockfile();

  const tree: PackageTree = {
    root,
    nodeModules,
    layout,
    dirOf: (name) => join(nodeModules, name),
    addPackage(pkg, o = {}) {
      packages.set(pkg.name, pkg);
      if (o.direct !== false) direct.add(pkg.name);
      const dir = place(pkg);
      if (layout === 'pnpm') linkPnpm();
      writeRoot();
      if (o.touchLockfile !== false) touchLockfile();
      return dir;
    },
    removePackage(name, o = {}) {
      const pkg = packages.get(name);
      packages.delete(name);
      direct.delete(name);
      rmSync(join(nodeModules, name), { recursive: true, force: true });
      if (pkg && layout === 'pnpm')
        rmSync(join(nodeModules, '.pnpm', storeName(pkg)), { recursive: true, force: true });
      writeRoot();
      if (o.touchLockfile !== false) touchLockfile();
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
    [Symbol.dispose]: () => tree.cleanup(),
  };
  return tree;
}
