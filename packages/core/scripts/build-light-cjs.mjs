// Emits dist/light/index.cjs (+ .d.cts) from src/light/ after tsc: CLI bins answer
// `--help` by requiring this folder alone, without starting Node's ESM loader.
// The folder imports nothing at run time but itself, so each file is transpiled
// alone and the results are joined into one file (one file to load, not six).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { bundleCjs } from './bundle-cjs.mjs';

const src = new URL('../src/light/', import.meta.url);
const out = new URL('../dist/light/', import.meta.url);
const modules = {};
const local = /(require\(|from )(["'])(\.\/[\w-]+)\.js\2/g;
for (const file of readdirSync(src).filter((f) => f.endsWith('.ts'))) {
  const source = readFileSync(new URL(file, src), 'utf8');
  if (/^import (?!type)[^;]*from '(?!\.\/)/m.test(source))
    throw new Error(`build-light-cjs: src/light/${file} may import only its own folder`);
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  const base = file.replace(/\.ts$/, '');
  modules[`./${base}.cjs`] = outputText.replace(local, '$1$2$3.cjs$2');
  const dts = readFileSync(new URL(`${base}.d.ts`, out), 'utf8');
  writeFileSync(
    new URL(`${base}.d.cts`, out),
    dts.replace(local, '$1$2$3.cjs$2').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'),
  );
}
writeFileSync(new URL('index.cjs', out), bundleCjs(modules, './index.cjs'));
