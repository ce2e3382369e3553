import { inspect } from 'node:util';
import { ConfigError, type ConfigErrorCode } from './errors.js';
import type { Secrets } from './secrets.js';

/** How deep a cause chain is followed; deeper links are cut (and said so) rather than printed. */
const MAX_DEPTH = 8;

/**
 * A copy of an error that holds no known secret: its message, stack and string
 * properties scrubbed, every `cause` in the chain copied the same way. Node prints
 * `[cause]` (util.inspect, console.error) from the object itself, so scrubbing the
 * outer message alone is not enough. Errors that hold no secret are returned as
 * they are, so stack traces and `instanceof` stay intact whenever that is safe.
 */
export function scrubError(error: unknown, secrets: Secrets): unknown {
  if (secrets.size === 0 || !leaks(error, secrets, 0)) return error;
  return copy(error, secrets, 0);
}

function leaks(value: unknown, secrets: Secrets, depth: number): boolean {
  if (typeof value === 'string') return secrets.leaks(value);
  if (!(value instanceof Error)) {
    if (value === null || typeof value !== 'object') return secrets.leaks(String(value));
    // an object thrown or attached as a cause prints with util.inspect: check what it would show
    return secrets.leaks(inspect(value, { depth: 4 }));
  }
  if (depth > MAX_DEPTH) return true;
  if (secrets.leaks(value.message) || secrets.leaks(value.stack ?? '')) return true;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'cause') continue;
    if (
      typeof v === 'string'
        ? secrets.leaks(v)
        : v !== null && typeof v === 'object' && leaks(v, secrets, depth + 1)
    )
      return true;
  }
  return value.cause !== undefined && leaks(value.cause, secrets, depth + 1);
}

function copy(value: unknown, secrets: Secrets, depth: number): unknown {
  if (!(value instanceof Error)) {
    const text = typeof value === 'string' ? value : inspect(value, { depth: 4 });
    return secrets.leaks(text) ? secrets.scrub(text) : value;
  }
  if (depth > MAX_DEPTH) return new Error('(cause chain cut: too deep to check for secrets)');
  const out = new Error(secrets.scrub(value.message));
  Object.defineProperty(out, 'name', { value: value.name, configurable: true, writable: true });
  out.stack = secrets.scrub(value.stack ?? `${value.name}: ${value.message}`);
  for (const [key, v] of Object.entries(value)) {
    if (key === 'cause') continue;
    if (typeof v === 'string') (out as unknown as Record<string, unknown>)[key] = secrets.scrub(v);
    else if (v === null || typeof v !== 'object') (out as unknown as Record<string, unknown>)[key] = v;
    else if (!leaks(v, secrets, depth + 1)) (out as unknown as Record<string, unknown>)[key] = v;
    // objects that would print a secret are left out: there is no safe way to copy an arbitrary object
  }
  if (value.cause !== undefined) {
    Object.defineProperty(out, 'cause', {
      value: copy(value.cause, secrets, depth + 1),
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return out;
}

/** The same ConfigError (code, key, place, issues) with its message and cause chain scrubbed. */
export function scrubConfigError(error: ConfigError, secrets: Secrets): ConfigError {
  if (secrets.size === 0 || !leaks(error, secrets, 0)) return error;
  return new ConfigError(error.code as ConfigErrorCode, secrets.scrub(error.message), {
    key: error.key,
    file: error.file,
    line: error.line,
    column: error.column,
    ...(error.prefix ? { prefix: error.prefix } : {}),
    ...(error.package ? { package: error.package } : {}),
    ...(error.details ? { details: error.details } : {}),
    issues: error.issues.map((i) => ({ ...i, message: secrets.scrub(i.message) })),
    ...(error.cause === undefined ? {} : { cause: scrubError(error.cause, secrets) }),
  });
}
