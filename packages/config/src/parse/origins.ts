import type { ConfigLocation } from '../errors.js';
import { formatPath, type KeyPath } from '../path.js';
import type { ParsedSource } from './formats.js';

/** Where each key's value came from. */
export interface Origin {
  file: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

/** A layer as origins see it; `located` layers were parsed from text and know their keys' positions. */
export interface OriginLayer {
  source: ParsedSource;
  located: boolean;
}

function hasPath(root: unknown, path: KeyPath, n: number): boolean {
  let node = root;
  for (let i = 0; i < n; i++) {
    const seg = path[i]!;
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return false;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return true;
}

/**
 * Which layer (file, line, column) each key came from. Loading only needs the
 * file of a reference's key (for relative paths), which `fileOf` finds from the
 * layers' data; line and column are computed, for every layer at once, only
 * when an error or a schema failure asks `locate` for them.
 */
export class Origins {
  private merged: Map<string, Origin> | undefined;

  constructor(
    private readonly layers: readonly OriginLayer[],
    private readonly env: ReadonlyMap<string, Origin>,
  ) {}

  /** Later layers win; keys set by environment variables win over files. */
  private map(): Map<string, Origin> {
    if (this.merged) return this.merged;
    const origins = new Map<string, Origin>();
    for (const { source } of this.layers) {
      const positions = source.positions;
      for (const [key, pos] of positions) origins.set(key, { file: source.file, ...pos });
      if (positions.size === 0 && source.file) origins.set('', { file: source.file });
    }
    for (const [key, origin] of this.env) origins.set(key, origin);
    this.merged = origins;
    return origins;
  }

  /** The key's own file:line:col, or else the file of its nearest located ancestor. */
  locate(path: KeyPath): ConfigLocation {
    const origins = this.map();
    const key = formatPath(path);
    for (let n = path.length; n >= 0; n--) {
      const origin = origins.get(n === path.length ? key : formatPath(path.slice(0, n)));
      if (origin) return n === path.length ? { key, ...origin } : { key, file: origin.file };
    }
    return { key };
  }

  /** The file that declared a key (or its nearest declared ancestor), without computing positions. */
  fileOf(path: KeyPath): string | undefined {
    for (let n = path.length; n > 0; n--) {
      if (this.env.size) {
        const origin = this.env.get(formatPath(path.slice(0, n)));
        if (origin) return origin.file;
      }
      for (let i = this.layers.length - 1; i >= 0; i--) {
        const layer = this.layers[i]!;
        if (layer.located && hasPath(layer.source.data, path, n)) return layer.source.file;
      }
    }
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const { source, located } = this.layers[i]!;
      const empty = !located || Object.keys(source.data as object).length === 0;
      if (empty && source.file) return source.file;
    }
    return undefined;
  }
}
