// Joins a package's tsc output into a few ES modules under dist/bundle/, one per
// entry of its "exports" map plus shared chunks: Node's ESM loader pays per module
// (resolve, read, compile, link), and a plugin command that imports the cli host
// otherwise loads some 60 files of ours before its own. tsc's files stay in dist/
// beside it for the type declarations.
//
// An exports target under ./dist/bundle/<name>.js is built from the module its
// "types" names (./dist/<path>.d.ts -> ./dist/<path>.js). Packages stay external,
// this one's own name included, so every package keeps one instance of its classes.
// The bundle sits two folders deep, as tsc's entry modules do, so a module's
// `new URL('../../package.json', import.meta.url)` still finds the package's file.
//
// Usage (from a package folder, after tsc): node ../core/scripts/bundle-esm.mjs
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rolldown } from 'rolldown';

const dir = resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const BUNDLE = /^\.\/dist\/bundle\/([\w-]+)\.js$/;

/** Every { types, default|import } pair of the exports map whose target is in the bundle. */
function entries(node, found = {}) {
  if (!node || typeof node !== 'object') return found;
  const target = node.import ?? node.default;
  const name = typeof target === 'string' && BUNDLE.exec(target)?.[1];
  if (name) {
    if (typeof node.types !== 'string' || !node.types.endsWith('.d.ts'))
      throw new Error(`bundle-esm: ${pkg.name} exports ${target} without a "types" .d.ts to build it from`);
    found[name] = join(dir, node.types.replace(/\.d\.ts$/, '.js'));
    return found;
  }
  for (const value of Object.values(node)) entries(value, found);
  return found;
}

const input = entries(pkg.exports);
if (Object.keys(input).length === 0)
  throw new Error(`bundle-esm: ${pkg.name} exports nothing under ./dist/bundle/`);
const out = join(dir, 'dist', 'bundle');
rmSync(out, { recursive: true, force: true });
const build = await rolldown({
  input,
  platform: 'node',
  // bare specifiers (other packages, node: built-ins) stay imports; only relative files are joined
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
  treeshake: true,
  logLevel: 'warn',
});
await build.write({
  dir: out,
  format: 'esm',
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
  sourcemap: true,
});
await build.close();
