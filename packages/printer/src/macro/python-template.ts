import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';

/** The filter the `%` operator compiles to (registered by `createTemplateEnvironment`). */
export const PY_MOD_FILTER = '__python_mod';

interface CompilerNode {
  left: unknown;
  right: unknown;
}
interface NunjucksCompiler {
  compileMod(node: CompilerNode, frame: unknown): void;
  compileGroup(node: { children: unknown[] }, frame: unknown): void;
  _compileAggregate(node: unknown, frame: unknown, open: string, close: string): void;
  compile(node: unknown, frame?: unknown): void;
  _emit(code: string): void;
  getCode(): string;
}
interface CompilerModule {
  Compiler: new (name: string, throwOnUndefined?: boolean) => NunjucksCompiler;
}
interface TemplateInternals {
  tmplStr: string;
  path: string;
  env: nunjucks.Environment & {
    asyncFilters: string[];
    extensionsList: Array<{ preprocess?: (src: string) => string }>;
    opts: { throwOnUndefined?: boolean };
  };
  blocks: unknown;
  rootRenderFunc: unknown;
  compiled: boolean;
  _getBlocks(props: Record<string, unknown>): unknown;
}

// nunjucks ships CommonJS with no export map; its compiler is the one place the `%` operator is decided.
const require = createRequire(import.meta.url);
const compiler = require('nunjucks/src/compiler') as CompilerModule;
const parser = require('nunjucks/src/parser') as { parse(src: string, ext: unknown, opts: unknown): unknown };
const transformer = require('nunjucks/src/transformer') as {
  transform(ast: unknown, asyncFilters: string[], name: string): unknown;
};

/**
 * nunjucks' `compiler.compile`, with `a % b` compiled to Python's `%` instead of
 * JavaScript's, and `(a, b)` to a tuple.
 */
function compilePython(t: TemplateInternals): string {
  const { env } = t;
  const c = new compiler.Compiler(t.path, env.opts.throwOnUndefined);
  c.compileMod = function compileMod(node, frame) {
    this._emit(`env.getFilter("${PY_MOD_FILTER}").call(context, `);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
  // Jinja's `(a, b)` is a tuple; nunjucks emits it as JavaScript's comma operator (the last value).
  const compileGroup = c.compileGroup;
  c.compileGroup = function group(node, frame) {
    if (node.children.length > 1) this._compileAggregate(node, frame, '[', ']');
    else compileGroup.call(this, node, frame);
  };
  const src = (env.extensionsList ?? []).reduce(
    (s, ext) => (ext.preprocess ? ext.preprocess(s) : s),
    t.tmplStr,
  );
  c.compile(transformer.transform(parser.parse(src, env.extensionsList, env.opts), env.asyncFilters, t.path));
  return c.getCode();
}

/**
 * A nunjucks template whose `%` is Python's: Klipper's Jinja macros format
 * with `"%.2f" % value` and `"%d %s" % (a, b)`, which nunjucks would read as
 * a JavaScript modulo. The compiled code is nunjucks' own otherwise.
 */
export class PythonTemplate extends nunjucks.Template {
  /** Overrides nunjucks' `Template._compile` (called from its constructor when compiling eagerly). */
  _compile(): void {
    const t = this as unknown as TemplateInternals;
    // nunjucks compiles templates to functions the same way (`new Function(source)`).
    const props = new Function(compilePython(t))() as Record<string, unknown>;
    t.blocks = t._getBlocks(props);
    t.rootRenderFunc = props.root;
    t.compiled = true;
  }
}
