import { createRequire } from 'node:module';

/**
 * nunjucks' parser, read as Jinja reads a Klipper template: a `}` closes an
 * open `{` before it ends `{ expr }` (so `{ {'a': 1}['a'] }` and
 * `{% set d = {'a': 1} %}` parse), a trailing comma is allowed, and `(x,)`
 * and `()` are tuples. A tuple becomes a call of the tuple filter, so the
 * compiler needs nothing new for it.
 */

/** The filter a tuple display `(a, b)` compiles to (registered by `addPythonFilters`). */
export const PY_TUPLE_FILTER = '__python_tuple';

export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}
interface Tokenizer {
  in_code: boolean;
  index: number;
  str: string;
  lineno: number;
  colno: number;
  nextToken(): Token | null;
  current(): string;
  forward(): void;
}
export interface AstNode {
  lineno: number;
  colno: number;
  children: AstNode[];
  addChild(node: AstNode): void;
}
type TokenName =
  | 'LEFT_PAREN'
  | 'RIGHT_PAREN'
  | 'LEFT_BRACKET'
  | 'RIGHT_BRACKET'
  | 'LEFT_CURLY'
  | 'RIGHT_CURLY'
  | 'COMMA'
  | 'COLON'
  | 'OPERATOR'
  | 'VARIABLE_END'
  | 'BLOCK_END';
type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => AstNode;
interface Parser {
  extensions: unknown;
  nextToken(): Token | null;
  peekToken(): Token | null;
  skip(type: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parsePrimary(): AstNode;
  parseExpression(): AstNode;
  parseAggregate(): AstNode | null;
  parseAsRoot(): unknown;
}

// nunjucks ships CommonJS with no export map; the lexer and parser are not part of its public API.
const require = createRequire(import.meta.url);
const lexer = require('nunjucks/src/lexer') as Record<`TOKEN_${TokenName}`, string> & {
  lex(src: string, opts: unknown): Tokenizer;
};
const parser = require('nunjucks/src/parser') as { Parser: new (tokens: Tokenizer) => Parser };
export const nodes = require('nunjucks/src/nodes') as Record<string, NodeClass>;

const token = (type: string, value: string, at: Tokenizer): Token => ({
  type,
  value,
  lineno: at.lineno,
  colno: at.colno,
});

/**
 * nunjucks' tokenizer with Jinja's balancing: while a `{` is open in code, `}`
 * (and `-}`) are a brace and a minus, not the end of the `{ … }` tag, which
 * Klipper's single-brace tags would otherwise make of a dict's closing brace.
 */
function balancedTokenizer(src: string, opts: unknown): Tokenizer {
  const tokens = lexer.lex(src, opts);
  const next = tokens.nextToken.bind(tokens);
  let open = 0;
  tokens.nextToken = () => {
    if (tokens.in_code && open > 0) {
      const c = tokens.current();
      if (c === '}' || (c === '-' && tokens.str[tokens.index + 1] === '}')) {
        const tok =
          c === '}' ? token(lexer.TOKEN_RIGHT_CURLY, c, tokens) : token(lexer.TOKEN_OPERATOR, c, tokens);
        tokens.forward();
        if (c === '}') open--;
        return tok;
      }
    }
    const tok = next();
    if (tok?.type === lexer.TOKEN_LEFT_CURLY) open++;
    else if (tok?.type === lexer.TOKEN_RIGHT_CURLY) open--;
    else if (tok?.type === lexer.TOKEN_VARIABLE_END || tok?.type === lexer.TOKEN_BLOCK_END) open = 0;
    return tok;
  };
  return tokens;
}

const AGGREGATES: Record<string, [node: string, close: string]> = {
  [lexer.TOKEN_LEFT_PAREN]: ['Group', lexer.TOKEN_RIGHT_PAREN],
  [lexer.TOKEN_LEFT_BRACKET]: ['Array', lexer.TOKEN_RIGHT_BRACKET],
  [lexer.TOKEN_LEFT_CURLY]: ['Dict', lexer.TOKEN_RIGHT_CURLY],
};

/**
 * `(…)`, `[…]` or `{…}`, each closed by its own bracket, with an optional
 * trailing comma. A parenthesis with a comma in it, or an empty one, is a tuple.
 */
function parseAggregate(this: Parser): AstNode | null {
  const open = this.nextToken();
  const kind = open ? AGGREGATES[open.type] : undefined;
  if (!open || !kind) return null; // as nunjucks' own: the caller reports the unexpected token
  const [name, close] = kind;
  const node = new nodes[name]!(open.lineno, open.colno);
  const closed = () => {
    const next = this.peekToken();
    if (!next) this.fail('unexpected end of template', open.lineno, open.colno);
    return next.type === close && this.skip(close);
  };
  let comma = false;
  while (!closed()) {
    if (node.children.length > 0) {
      if (!this.skip(lexer.TOKEN_COMMA))
        this.fail('parseAggregate: expected comma after expression', open.lineno, open.colno);
      comma = true;
      if (closed()) break;
    }
    if (name === 'Dict') {
      const key = this.parsePrimary();
      if (!this.skip(lexer.TOKEN_COLON))
        this.fail('parseAggregate: expected colon after dict key', open.lineno, open.colno);
      node.addChild(new nodes.Pair!(key.lineno, key.colno, key, this.parseExpression()));
    } else {
      node.addChild(this.parseExpression());
    }
  }
  if (name !== 'Group' || (!comma && node.children.length > 0)) return node;
  const filter = new nodes.Symbol!(open.lineno, open.colno, PY_TUPLE_FILTER);
  return new nodes.Filter!(
    open.lineno,
    open.colno,
    filter,
    new nodes.NodeList!(open.lineno, open.colno, node.children),
  );
}

/** The template's AST, as nunjucks' `parser.parse` makes it, with Jinja's reading of the points above. */
export function parsePython(src: string, extensions: unknown, opts: unknown): unknown {
  const p = new parser.Parser(balancedTokenizer(src, opts));
  if (extensions !== undefined) p.extensions = extensions;
  p.parseAggregate = parseAggregate;
  return p.parseAsRoot();
}
