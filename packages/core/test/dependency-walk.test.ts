import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Collector } from '../src/discovery/collector.js';
import { walkDependencies } from '../src/discovery/dependencies.js';

// The dependency walk finds installed packages the way Node resolves them. On generated
// trees (nested node_modules, scopes, workspace links, pnpm-style store links, a linked
// scope folder, dangling links) every package is a plugin, so the walk's finds are the
// packages it visited, and they must be exactly those Node's own resolver reaches from
// the project through `dependencies` and `optionalDependencies` (and the project's
// `devDependencies`).

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s >>> 13;
    return (s >>> 0) / 2 ** 32;
  };
}

const NAMES = ['a', 'b', 'c', 'd', '@s/a', '@s/b', '@t/c', 'missing', '@u/gone'];

function build(seed: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const outer = realpathSync(mkdtempSync(join(tmpdir(), 'pb-walk-')));
  const root = join(outer, 'project');
  let serial = 0;
  const deps = () => {
    const out: Record<string, string> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) out[pick(NAMES)] = '*';
    return out;
  };
  const packageJson = (name: string) => ({
    name,
    version: '1.0.0',
    dependencies: deps(),
    ...(next() < 0.3 ? { optionalDependencies: deps() } : {}),
    // A dependency's devDependencies are not installed, so they are not followed.
    ...(next() < 0.3 ? { devDependencies: deps() } : {}),
    plugboard: { entryPoints: { walk: { [`p${serial++}`]: './index.js' } } },
  });
  const place = (dir: string, name: string, depth: number) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson(name)));
    if (depth < 2 && next() < 0.3) populate(join(dir, 'node_modules'), depth + 1);
  };
  const link = (target: string, at: string) => {
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(target, at, 'dir');
  };
  const populate = (nodeModules: string, depth: number) => {
    mkdirSync(nodeModules, { recursive: true });
    for (let i = 1 + Math.floor(next() * 6); i > 0; i--) {
      const name = pick(NAMES.slice(0, 7));
      const dir = join(nodeModules, name);
      const kind = next();
      try {
        if (kind < 0.1) {
          const workspace = join(root, 'packages', `w${serial++}`);
          place(workspace, name, depth + 1);
          link(workspace, dir);
        } else if (kind < 0.15) {
          link(join(nodeModules, 'nowhere'), dir);
        } else if (kind < 0.25) {
          const store = join(
            nodeModules,
            '.pnpm',
            `${name.replace('/', '+')}@${serial++}`,
            'node_modules',
            name,
          );
          place(store, name, depth + 1);
          link(store, dir);
        } else if (kind < 0.28 && name.startsWith('@s/')) {
          const scope = join(root, 'scopes', `s${serial++}`);
          place(join(scope, name.slice(3)), name, depth + 1);
          link(scope, join(nodeModules, '@s'));
        } else {
          place(dir, name, depth);
        }
      } catch {
        // the name is there already (a folder or a link): keep the first
      }
    }
  };
  if (next() < 0.5) populate(join(outer, 'node_modules'), 1);
  populate(join(root, 'node_modules'), 0);
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'host', version: '0.0.0', dependencies: deps(), devDependencies: deps() }),
  );
  return outer;
}

/** What Node's resolver reaches from `root`: breadth first over require.resolve. */
function nodeReaches(root: string): string[] {
  const seen = new Set<string>();
  const queue: [string, boolean][] = [[root, true]];
  for (let i = 0; i < queue.length; i++) {
    const [dir, isRoot] = queue[i]!;
    const require = createRequire(join(dir, 'package.json'));
    const json = require(join(dir, 'package.json'));
    const names = [
      ...Object.keys(json.dependencies ?? {}),
      ...Object.keys(json.optionalDependencies ?? {}),
      ...(isRoot ? Object.keys(json.devDependencies ?? {}) : []),
    ];
    for (const name of names) {
      let found: string;
      try {
        found = dirname(realpathSync(require.resolve(`${name}/package.json`)));
      } catch {
        continue;
      }
      if (found === root || seen.has(found)) continue;
      seen.add(found);
      queue.push([found, false]);
    }
  }
  return [...seen].sort();
}

describe('walkDependencies', () => {
  it('visits exactly the packages Node resolves, on 300 generated trees', () => {
    let visited = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const outer = build(seed);
      try {
        const root = join(outer, 'project');
        const collector = new Collector();
        walkDependencies(root, 'dependencies', collector);
        const walked = collector.found.map((f) => f.pkg.dir).sort();
        expect(walked, `seed ${seed}`).toEqual(nodeReaches(root));
        expect(collector.problems, `seed ${seed}`).toEqual([]);
        visited += walked.length;
      } finally {
        rmSync(outer, { recursive: true, force: true });
      }
    }
    expect(visited).toBeGreaterThan(600);
  }, 120_000);
});
