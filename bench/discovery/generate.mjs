// Synthetic installed trees for the discovery benchmark: an npm-style flat
// node_modules with N packages (10% scoped), 1% of them plugins, and a
// Python site-packages with the same number of distributions.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const GROUP = 'bench';

const isPlugin = (i) => i % 100 === 7;
const nameOf = (i) => (i % 10 === 3 ? `@scope${i % 50}/pkg-${i}` : `pkg-${i}`);

function packageJson(i) {
  const json = {
    name: nameOf(i),
    version: `1.${i % 13}.0`,
    description: `Synthetic package number ${i} for the discovery benchmark`,
    main: 'index.js',
    license: 'MIT',
    keywords: ['bench', 'synthetic'],
    dependencies: i > 10 ? { [nameOf(i - 1)]: '^1.0.0', [nameOf(i - 7)]: '^1.0.0' } : {},
    repository: { type: 'git', url: `git+https://example.invalid/pkg-${i}.git` },
  };
  if (isPlugin(i)) json.plugboard = { entryPoints: { [GROUP]: { [`p${i}`]: './index.js#plugin' } } };
  return JSON.stringify(json, null, 2);
}

export function nodeTree(root, n) {
  const marker = join(root, `.complete-${n}`);
  if (existsSync(marker)) return root;
  rmSync(root, { recursive: true, force: true });
  const nm = join(root, 'node_modules');
  const deps = {};
  for (let i = 0; i < n; i++) {
    const dir = join(nm, nameOf(i));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), packageJson(i));
    if (isPlugin(i)) writeFileSync(join(dir, 'index.js'), `export const plugin = { id: ${i} };\n`);
    // The host depends directly on every 10th package; the rest arrive transitively.
    if (i % 10 === 0 || isPlugin(i)) deps[nameOf(i)] = '^1.0.0';
  }
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'bench-host', version: '0.0.0', private: true, dependencies: deps }),
  );
  writeFileSync(join(root, 'package-lock.json'), '{}');
  writeFileSync(marker, '');
  return root;
}

export function pythonTree(root, n) {
  const marker = join(root, `.complete-${n}`);
  if (existsSync(marker)) return root;
  rmSync(root, { recursive: true, force: true });
  for (let i = 0; i < n; i++) {
    const dist = join(root, `pkg_${i}-1.${i % 13}.0.dist-info`);
    mkdirSync(dist, { recursive: true });
    writeFileSync(
      join(dist, 'METADATA'),
      `Metadata-Version: 2.1\nName: pkg-${i}\nVersion: 1.${i % 13}.0\nSummary: Synthetic distribution ${i}\n`,
    );
    if (isPlugin(i))
      writeFileSync(join(dist, 'entry_points.txt'), `[${GROUP}]\np${i} = pkg_${i}.plugin:Plugin\n`);
  }
  writeFileSync(marker, '');
  return root;
}
