import { basename, extname } from 'node:path';
import { parseEnv } from 'node:util';
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

function parseYaml(text: string, file: string | undefined, what = 'YAML'): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  const err = doc.errors[0];
  if (err) {
    const pos = lineCounter.linePos(err.pos[0]);
    throw parseError(file, pos.line, pos.col, `invalid ${what} (${err.message.split('\n')[0]})`, err);
  }
  const positions: Positions = new Map();
  const walk = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        const seg = typeof key === 'number' ? String(key) : String(key);
        const range = (pair.key as Node | null)?.range;
        const child = [...path, seg];
        if (range) {
          const p = lineCounter.linePos(range[0]);
          positions.set(formatPath(child), { line: p.line, column: p.col });
        }
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = [...path, i];
        const range = (item as Node | null)?.range;
        if (range) {
          const p = lineCounter.linePos(range[0]);
          positions.set(formatPath(child), { line: p.line, column: p.col });
        }
        walk(item, child);
      });
    }
  };
  walk(doc.contents, []);
  return { data: doc.toJS({ maxAliasCount: 1000 }) ?? {}, file, positions };
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
  // JSON is YAML 1.2, so yaml's CST gives the key positions.
  let positions: Positions = new Map();
  try {
    positions = parseYaml(text, file, 'JSON').positions;
  } catch {
    // positions are a convenience; the data is already parsed
  }
  return { data, file, positions };
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
  return { data, file, positions: scanTomlPositions(text) };
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
  const data = parseEnv(text);
  const positions: Positions = new Map();
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(raw);
    if (m) positions.set(formatPath([m[1]!]), { line: i + 1, column: raw.indexOf(m[1]!) + 1 });
  });
  return { data, file, positions };
}
