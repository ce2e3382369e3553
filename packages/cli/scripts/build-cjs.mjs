// Emits dist/fast-help/index.cjs (one file, + .d.cts per module) from src/fast-help/ after tsc: a CommonJS
// bin answers `--help` with it without starting Node's ESM loader (about 5 ms).
// The folder imports only itself and @plugboard/core/light at run time, so
// transpiling each file alone is enough. Core's light module (already one CommonJS
// file) is joined in too: resolving a second package through its "exports" map costs
// a CommonJS bin more than reading the file does. A light module that does not know
// the index's version treats it as missing, so a newer core never gets a wrong answer.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';
// The repository's one small CommonJS joiner (core's build uses it for its light folder too).
import { bundleCjs } from '../../core/scripts/bundle-cjs.mjs';

const src = new URL('../src/fast-help/', import.meta.url);
const out = new URL('../dist/fast-help/', import.meta.url);
const modules = {};
const local = /(require\(|from |import\()(["'])(\.\.?\/[\w./-]+)\.js\2/g;
// import.meta does not exist in CommonJS; the folder uses it to find its package.json and,
// for the help cache, its own file.
const esm = "new URL('../../package.json', import.meta.url)";
const self = 'new URL(import.meta.url)';
for (const file of readdirSync(src).filter((f) => f.endsWith('.ts'))) {
  const source = readFileSync(new URL(file, src), 'utf8');
  if (/^import (?!type)[^;]*from '(?!\.\/|@plugboard\/core\/light')/m.test(source))
    throw new Error(`build-cjs: src/fast-help/${file} may import only its folder and @plugboard/core/light`);
  // .cts under Node16: CommonJS output that keeps a real dynamic import() for the ESM CLI
  const { outputText } = ts.transpileModule(source, {
    fileName: file.replace(/\.ts$/, '.cts'),
    compilerOptions: { module: ts.ModuleKind.Node16, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  const cjs = outputText
    .replace(esm, 'require("node:path").join(__dirname, "../../package.json")')
    .replace(self, '__filename')
    .replace(local, (_m, head, q, spec) =>
      spec.startsWith('./') ? `${head}${q}${spec}.cjs${q}` : `${head}${q}${spec}.js${q}`,
    );
  if (cjs.includes('import.meta'))
    throw new Error(`build-cjs: src/fast-help/${file} may use import.meta only as ${esm} or ${self}`);
  const base = file.replace(/\.ts$/, '');
  modules[`./${base}.cjs`] = cjs;
  const dts = readFileSync(new URL(`${base}.d.ts`, out), 'utf8');
  writeFileSync(
    new URL(`${base}.d.cts`, out),
    dts
      .replace(local, (_m, head, q, spec) => `${head}${q}${spec}.${spec.startsWith('./') ? 'cjs' : 'js'}${q}`)
      .replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'),
  );
}
modules['@plugboard/core/light'] = readFileSync(
  createRequire(import.meta.url).resolve('@plugboard/core/light'),
  'utf8',
);
// one file to load: the bin body, help and core's light module
writeFileSync(new URL('index.cjs', out), bundleCjs(modules, './index.cjs'));
