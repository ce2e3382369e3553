import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, ErrorCodes, type Problem } from '../errors.js';
import { validateManifest } from '../manifest/validate.js';
import { fsProblem } from './fs-problem.js';
import type { PluginPackage } from './types.js';

export interface RawPackageJson {
  name?: unknown;
  version?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  plugboard?: unknown;
}

export interface ReadResult {
  /** Parsed package.json, when it parsed (plugins and non-plugins alike, if `parseAll`). */
  json?: RawPackageJson;
  plugin?: PluginPackage;
  problem?: Problem;
}

const MARKER = '"plugboard"';
const MARKER_BYTES = Buffer.from(MARKER);

// One reusable buffer: most package.json files are read, searched for the
// marker and dropped without ever becoming a string.
let buffer = Buffer.allocUnsafe(64 * 1024);

/** Read `file` into the shared buffer (growing it as needed); returns its length. */
function readBytes(file: string): number {
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger);
        buffer = bigger;
      }
      const wanted = buffer.length - length;
      const n = readSync(fd, buffer, length, wanted, null);
      length += n;
      // A short read of a regular file means end of file: saves a read per package.
      if (n < wanted) return length;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Read one package directory. Packages whose package.json does not even mention
 * "plugboard" are skipped without parsing unless `parseAll` is set (the
 * dependency walk needs their dependencies). `file` is `dir`'s package.json,
 * for callers that have it already (joining is not free at 20,000 packages).
 */
export function readPackage(dir: string, parseAll: boolean, file = join(dir, 'package.json')): ReadResult {
  let length: number;
  try {
    length = readBytes(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A folder without package.json is not a package (e.g. `.bin`, stray dirs).
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    return { problem: fsProblem(error, file) };
  }
  let text: string;
  let mentions: boolean;
  if (parseAll) {
    // Decoded anyway: search the text (an ASCII marker is found in UTF-8 text
    // exactly where it is in the bytes) instead of cutting a Buffer view.
    text = buffer.toString('utf8', 0, length);
    mentions = text.includes(MARKER);
  } else {
    if (buffer.subarray(0, length).indexOf(MARKER_BYTES) === -1) return {};
    text = buffer.toString('utf8', 0, length);
    mentions = true;
  }
  let json: RawPackageJson;
  try {
    json = JSON.parse(text) as RawPackageJson;
  } catch (error) {
    if (!mentions) return {};
    return {
      problem: {
        code: ErrorCodes.PACKAGE_JSON_INVALID,
        message: `${file} is not valid JSON (${describeError(error)}); fix or reinstall that package.`,
        path: file,
        cause: error,
      },
    };
  }
  if (json === null || typeof json !== 'object') return {};
  if (json.plugboard === undefined) return { json };
  const name = typeof json.name === 'string' ? json.name : undefined;
  const version = typeof json.version === 'string' ? json.version : undefined;
  if (!name || !version) {
    return {
      json,
      problem: {
        code: ErrorCodes.PACKAGE_JSON_INVALID,
        message: `${file} declares "plugboard" but has no ${name ? '"version"' : '"name"'}; a plugin package needs both.`,
        path: file,
        ...(name ? { package: name } : {}),
      },
    };
  }
  const { value, errors } = validateManifest(json.plugboard);
  if (!value) {
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return {
      json,
      problem: {
        code: ErrorCodes.MANIFEST_INVALID,
        message: `Package "${name}" has an invalid "plugboard" field (${detail}). Fix its package.json; @plugboard/core/schema.json gives editor completion.`,
        package: name,
        path: file,
      },
    };
  }
  let realDir = dir;
  try {
    realDir = realpathSync(dir);
  } catch {
    // keep the path as seen; the read above succeeded, so it exists
  }
  return {
    json,
    plugin: {
      name,
      version,
      dir: realDir,
      peerDependencies: json.peerDependencies ?? {},
      manifest: value,
    },
  };
}
