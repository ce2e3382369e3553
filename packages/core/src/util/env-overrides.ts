const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Key segments match ignoring case and separators: `DISK_UNIT` matches `diskUnit` and `disk-unit`. */
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** `PROVISION`, `HELLO_WORLD` for `provision`, `hello-world`: upper case, other characters as `_`. */
export const envName = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/**
 * The one conversion rule for values typed as text (env vars, `--set k=v`):
 * the result takes the type of `like`, the value it replaces (a default or a
 * schema's example). Numbers and booleans parse, lists take JSON or
 * comma-separated items, objects take JSON. Text that does not convert is
 * returned unchanged, so validation reports it with the key, expected and found type.
 */
export function coerceText(text: string, like: unknown): unknown {
  if (typeof like === 'number') {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (typeof like === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(text)) return true;
    if (/^(0|false|no|off)$/i.test(text)) return false;
    return text;
  }
  if (Array.isArray(like)) {
    if (text.trim().startsWith('[')) {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    const items = text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return items.map((item) => coerceText(item, like[0]));
  }
  if (isRecord(like)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export interface EnvOverridesOptions {
  env: Record<string, string | undefined>;
  /** Variable prefix before the first `__`, e.g. `APP` or `PROVISION_HELLO`. */
  prefix: string;
  /** The values being overridden: key spelling and the type each variable converts to. */
  like?: unknown;
}

/** One override found in the environment, for messages that name the variable. */
export interface EnvOverride {
  variable: string;
  path: (string | number)[];
  value: unknown;
}

/**
 * Overrides from `<PREFIX>__<KEY>[__<SUBKEY>…]` variables, sorted by name. Key
 * segments take the spelling of the existing key they match; a number segment
 * indexes a list. Values convert by `coerceText` against the value they replace.
 */
export function envOverrides(o: EnvOverridesOptions): EnvOverride[] {
  const head = `${o.prefix}__`;
  const out: EnvOverride[] = [];
  for (const variable of Object.keys(o.env).sort()) {
    const text = o.env[variable];
    if (text === undefined || !variable.startsWith(head)) continue;
    const segments = variable.slice(head.length).split('__').filter(Boolean);
    if (segments.length === 0) continue;
    const path: (string | number)[] = [];
    let like: unknown = o.like;
    for (const segment of segments) {
      let key: string | number;
      if (Array.isArray(like) && /^\d+$/.test(segment)) key = Number(segment);
      else {
        const keys = isRecord(like) ? Object.keys(like) : [];
        key =
          keys.find((k) => k === segment) ??
          keys.find((k) => norm(k) === norm(segment)) ??
          segment.toLowerCase();
      }
      path.push(key);
      like =
        like !== null && typeof like === 'object'
          ? (like as Record<string | number, unknown>)[key]
          : undefined;
    }
    out.push({ variable, path, value: coerceText(text, like) });
  }
  return out;
}

/** Set each override into `target` (a plain object tree), creating objects on the way. */
export function applyOverrides(target: Record<string, unknown>, overrides: readonly EnvOverride[]): void {
  for (const { path, value } of overrides) {
    let node: Record<string | number, unknown> = target;
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = value;
      else {
        if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
        node = node[key] as Record<string | number, unknown>;
      }
    });
  }
}
