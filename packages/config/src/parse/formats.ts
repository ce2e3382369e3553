import { basename, extname } from 'node:path';
import { parseEnv } from 'node:util';
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ConfigError, ConfigErrorCodes } from '../errors.js';
import { formatPath } from '../path.js';
import { jsonErrorOffset } from './json-locate.js';

export type ConfigFormat = 'yaml' | 'json' | 'toml' | 'env';

/** Line and column (1-based) of each key, by formatted key path. */
export type Positions = Map<string, { line: number; column: number }>;

export interface ParsedSource {
  data: unknown;
  /** The file it came from, or the name given to a string source. */
  file: string | undefined;
  /** Computed on first read: loading never needs them, only error messages do. */
  positions: Positions;
}

export function formatOf(file: string): ConfigFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.toml') return 'toml';
  if (ext === '.env' || basename(file).startsWith('.env')) return 'env';
  return undefined;
}

function parseError(file: string | undefined, line: number, column: number, what: string, cause: unknown) {
  const at = `${file ?? '<string>'}:${line}:${column}`;
  return new ConfigError(
    ConfigErrorCodes.PARSE,
    `cannot parse ${at}: ${what}. Fix the syntax at that line.`,
    { file, line, column, cause },
  );
}

/** Parse config text; throws PB_CONFIG_PARSE with file:line:col for malformed input. */
export function parseText(text: string, format: ConfigFormat, file?: string): ParsedSource {
  switch (format) {
    case 'yaml':
      return parseYaml(text, file);
    case 'json':
      return parseJson(text, file);
    case 'toml':
      return parseTomlText(text, file);
    case 'env':
      return parseEnvText(text, file);
  }
}

/** 1-based line and column of an offset in a text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** A parsed source whose key positions are computed on first use (only errors need them). */
function lazySource(data: unknown, file: string | undefined, build: () => Positions): ParsedSource {
  let positions: Positions | undefined;
  return {
    data,
    file,
    get positions() {
      positions ??= build();
      return positions;
    },
  };
}

/**
 * Anchors, aliases and merge keys go to `yaml`, which caps alias expansion (a
 * "billion laughs" file) and handles `<<`. Everything else, the common case,
 * goes to js-yaml, several times faster on large mappings (`yaml`'s
 * duplicate-key check is quadratic in the size of a mapping).
 */
const ANCHORS = /(^|[\s[{,])[&*][^\s,[\]{}]|<</m;

function parseYaml(text: string, file: string | undefined, what = 'YAML'): ParsedSource {
  if (ANCHORS.test(text)) return parseYamlWithAliases(text, file, what);
  let data: unknown;
  try {
    // the YAML 1.2 core schema, as `yaml` uses: no timestamps, no `!!js` types
    data = loadYaml(text, { schema: CORE_SCHEMA, ...(file ? { filename: file } : {}) });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    // js-yaml reports duplicate keys too, at the second one
    const line = (error.mark?.line ?? 0) + 1;
    const column = (error.mark?.column ?? 0) + 1;
    throw parseError(file, line, column, `invalid ${what} (${error.reason})`, error);
  }
  return lazySource(data ?? {}, file, () => yamlPositions(text));
}

function parseYamlWithAliases(text: string, file: string | undefined, what: string): ParsedSource {
  const doc = parseDocument(text, { prettyErrors: false, keepSourceTokens: false, merge: true });
  const err = doc.errors[0];
  if (err) {
    const pos = positionAt(text, err.pos[0]);
    throw parseError(file, pos.line, pos.column, `invalid ${what} (${err.message.split('\n')[0]})`, err);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // too many alias expansions: a "billion laughs" document
    throw parseError(file, 1, 1, `invalid ${what} (${(error as Error).message})`, error);
  }
  return lazySource(data ?? {}, file, () => yamlPositions(text));
}

/** Line and column of every key of a YAML (or JSON) text, by formatted key path. */
function yamlPositions(text: string): Positions {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  const positions: Positions = new Map();
  const path: (string | number)[] = [];
  const mark = (node: unknown) => {
    const range = (node as Node | null)?.range;
    if (!range) return;
    const p = lineCounter.linePos(range[0]);
    positions.set(formatPath(path), { line: p.line, column: p.col });
  };
  const walk = (node: unknown) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        path.push(String(key));
        mark(pair.key);
        walk(pair.value);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        path.push(i);
        mark(item);
        walk(item);
        path.pop();
      });
    }
  };
  walk(doc.contents);
  return positions;
}

function parseJson(text: string, file: string | undefined): ParsedSource {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // Node 20's messages quote the text around the error (which may hold values) and may lack a
    // position, so describe the token only and locate it ourselves when V8 does not.
    const msg = (error as Error).message;
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const pos = /position (\d+)/.exec(msg);
    let line = 1;
    let column = 1;
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else if (pos) {
      const before = text.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      column = Number(pos[1]) - before.lastIndexOf('\n');
    } else {
      const at = jsonErrorOffset(text);
      if (at >= 0) {
        const before = text.slice(0, at);
        line = before.split('\n').length;
        column = at - before.lastIndexOf('\n');
      }
    }
    const what = msg.replace(/,\s*(\.\.\.)?".*$/s, '').split(' in JSON')[0];
    throw parseError(file, line, column, `invalid JSON (${what})`, error);
  }
  // JSON is YAML 1.2, so yaml's CST gives the key positions (when an error asks for them).
  return lazySource(data, file, () => {
    try {
      return yamlPositions(text);
    } catch {
      return new Map(); // positions are a convenience; the data is already parsed
    }
  });
}

function parseTomlText(text: string, file: string | undefined): ParsedSource {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const first = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw parseError(file, error.line, error.column, `invalid TOML (${first})`, error);
    }
    throw error;
  }
  return lazySource(data, file, () => scanTomlPositions(text));
}

/** smol-toml keeps no positions: recover them from `[table]` headers and `key =` lines. */
function scanTomlPositions(text: string): Positions {
  const positions: Positions = new Map();
  let table: string[] = [];
  const arrays = new Map<string, number>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      table = header[1]!.split('.').map((s) => s.trim().replace(/^["']|["']$/g, ''));
      if (line.startsWith('[[')) {
        const name = formatPath(table);
        const n = (arrays.get(name) ?? -1) + 1;
        arrays.set(name, n);
        table = [...table, String(n)];
      }
      positions.set(formatPath(table.map((s) => (/^\d+$/.test(s) ? Number(s) : s))), {
        line: i + 1,
        column: 1,
      });
      return;
    }
    const kv = /^([A-Za-z0-9_."'-]+?)\s*=/.exec(line);
    if (kv) {
      const keys = kv[1]!.split('.').map((s) => s.trim().replace(/^["']|["']$/g, ''));
      const path = [...table, ...keys].map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      positions.set(formatPath(path), { line: i + 1, column: raw.indexOf(kv[1]!) + 1 });
    }
  });
  return positions;
}

function parseEnvText(text: string, file: string | undefined): ParsedSource {
  return lazySource(parseEnv(text), file, () => {
    const positions: Positions = new Map();
    text.split('\n').forEach((raw, i) => {
      const m = /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(raw);
      if (m) positions.set(formatPath([m[1]!]), { line: i + 1, column: raw.indexOf(m[1]!) + 1 });
    });
    return positions;
  });
}
