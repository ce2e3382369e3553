const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merge plain objects; arrays and scalars from `override` replace those in `base`. */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isRecord(base) || !isRecord(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    out[key] = key in out ? deepMerge(out[key], value) : value;
  }
  return out as T;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** `PROVISION`, `HELLO` for `provision`, `hello`: upper case, other characters as `_`. */
export const envName = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** Convert an env string to the type of the default it replaces. */
function coerce(raw: string, like: unknown): unknown {
  if (typeof like === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
  }
  if (typeof like === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    return raw;
  }
  if (Array.isArray(like) || isRecord(like)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/**
 * Overrides from env vars `<CLI>_<PLUGIN>__<KEY>[__<SUBKEY>…]`, e.g.
 * `PROVISION_HELLO__GREETING=Hi`. Key segments match the defaults' keys
 * ignoring case and separators (`DISK_UNIT` matches `diskUnit`); values are
 * converted to the default's type (numbers, booleans, JSON for lists/objects).
 */
export function envOverrides(
  env: NodeJS.ProcessEnv,
  cliName: string,
  plugin: string,
  defaults: unknown,
): Record<string, unknown> {
  const prefix = `${envName(cliName)}_${envName(plugin)}__`;
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || !name.startsWith(prefix)) continue;
    const segments = name.slice(prefix.length).split('__').filter(Boolean);
    if (segments.length === 0) continue;
    let target = out;
    let like: unknown = defaults;
    segments.forEach((segment, i) => {
      const known = isRecord(like) ? Object.keys(like).find((k) => norm(k) === norm(segment)) : undefined;
      const key = known ?? segment.toLowerCase();
      like = isRecord(like) ? like[key] : undefined;
      if (i === segments.length - 1) target[key] = coerce(raw, like);
      else {
        if (!isRecord(target[key])) target[key] = {};
        target = target[key] as Record<string, unknown>;
      }
    });
  }
  return out;
}
