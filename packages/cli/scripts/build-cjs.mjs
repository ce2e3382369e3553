// Emits dist/fast-help.cjs (+ .d.cts) from src/fast-help.ts after tsc: a CommonJS
// bin answers `--help` with it without starting Node's ESM loader (about 5 ms).
// The module imports nothing at run time, so transpiling it alone is enough.
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

const dir = new URL('../', import.meta.url);
const source = readFileSync(new URL('src/fast-help.ts', dir), 'utf8');
const { outputText } = ts.transpileModule(source, {
  fileName: 'fast-help.ts',
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: false },
});
// import.meta does not exist in CommonJS; the module uses it once, to find its package.json.
const esm = "new URL('../package.json', import.meta.url)";
if (outputText.split('import.meta').length !== 2 || !outputText.includes(esm)) {
  throw new Error(`build-cjs: fast-help.ts must use import.meta exactly once, as ${esm}`);
}
const cjs = outputText.replace(esm, 'require("node:path").join(__dirname, "../package.json")');
writeFileSync(new URL('dist/fast-help.cjs', dir), cjs);
// The declarations import nothing either, so they describe the CommonJS build as well.
const dts = readFileSync(new URL('dist/fast-help.d.ts', dir), 'utf8');
if (/^import (?!type)/m.test(dts) || /from '\.\//.test(dts))
  throw new Error('build-cjs: fast-help.d.ts must not import local modules');
writeFileSync(new URL('dist/fast-help.d.cts', dir), dts.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'));
