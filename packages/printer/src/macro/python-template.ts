import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { type AstNode, nodes, parsePython } from './python-parser.js';

/** The filter the `%` operator compiles to (registered by `addPythonFilters`). */
export const PY_MOD_FILTER = '__python_mod';
/** The filter that turns what `{ expr }` prints into text, as Python's `str()` (ditto). */
export const PY_STR_FILTER = '__python_str';

interface CompilerNode {
  left: unknown;
  right: unknown;
}
interface NunjucksCompiler {
  compileMod(node: CompilerNode, frame: unknown): void;
  compileConcat(node: CompilerNode, frame: unknown): void;
  compileOutput(node: AstNode, frame: unknown): void;
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
const transformer = require('nunjucks/src/transformer') as {
  transform(ast: unknown, asyncFilters: string[], name: string): unknown;
};

/** `node` passed through one of our filters: the same code nunjucks emits for `node|name`. */
function filtered(name: string, node: AstNode): AstNode {
  const { lineno, colno } = node;
  return new nodes.Filter!(
    lineno,
    colno,
    new nodes.Symbol!(lineno, colno, name),
    new nodes.NodeList!(lineno, colno, [node]),
  );
}

/**
 * nunjucks' `compiler.compile` on the Python reading of the template
 * (python-parser.ts), with `a % b` compiled to Python's `%` instead of
 * JavaScript's, and what is printed (`{ expr }`, `a ~ b`) made text by
 * Python's `str()`: `True`, `None`, `[1, 'a']`, where JavaScript would give
 * `true`, `` and `1,a`.
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
  // Jinja's `~` joins the str() of both sides. (nunjucks' own `a + "" + b` also turned `x ~ 1 + 2` into "x12".)
  c.compileConcat = function compileConcat(node, frame) {
    this._emit('(');
    this.compile(filtered('string', node.left as AstNode), frame);
    this._emit(' + ');
    this.compile(filtered('string', node.right as AstNode), frame);
    this._emit(')');
  };
  const compileOutput = c.compileOutput;
  c.compileOutput = function output(node, frame) {
    // Text between the tags stays as it is; only the values of `{ … }` go through str().
    node.children = node.children.map((child) =>
      child instanceof nodes.TemplateData! ? child : filtered(PY_STR_FILTER, child),
    );
    compileOutput.call(this, node, frame);
  };
  const src = (env.extensionsList ?? []).reduce(
    (s, ext) => (ext.preprocess ? ext.preprocess(s) : s),
    t.tmplStr,
  );
  c.compile(transformer.transform(parsePython(src, env.extensionsList, env.opts), env.asyncFilters, t.path));
  return c.getCode();
}

/**
 * A nunjucks template read and run as Klipper's Jinja: `"%.2f" % value` and
 * `"%d %s" % (a, b)` format (nunjucks would take `%` for a JavaScript modulo),
 * `(a,)` is a tuple, `{ {'a': 1} }` a dict, and values print as Python prints
 * them. The compiled code is nunjucks' own otherwise.
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
