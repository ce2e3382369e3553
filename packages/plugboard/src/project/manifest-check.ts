import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { didYouMean, ErrorCodes, type Problem } from '@plugboard/core';
import { PlugboardToolCodes } from '../errors.js';

/** Keys of the `plugboard` field core itself reads; hosts add their own metadata keys (their group). */
const CORE_KEYS = ['entryPoints', 'requires', 'permissions', 'displayName', 'description'];

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return json && typeof json === 'object' && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // unreadable or broken files are discovery's problems, reported already
  }
}

const label = (json: Record<string, unknown>, file: string) =>
  typeof json.name === 'string'
    ? `${json.name}${typeof json.version === 'string' ? `@${json.version}` : ''}`
    : file;

/** Unknown keys inside one package's `plugboard` field, each with a did-you-mean when one is close. */
function unknownKeys(file: string, groups: ReadonlySet<string>): Problem[] {
  const json = readJson(file);
  const field = json?.plugboard;
  if (!json || !field || typeof field !== 'object' || Array.isArray(field)) return [];
  const own = (field as Record<string, unknown>).entryPoints;
  const known = new Set([
    ...CORE_KEYS,
    ...groups,
    ...(own && typeof own === 'object' ? Object.keys(own) : []),
  ]);
  return Object.keys(field)
    .filter((key) => !known.has(key))
    .map((key) => {
      const near = didYouMean(key, known);
      return {
        code: PlugboardToolCodes.MANIFEST_KEY_UNKNOWN,
        severity: 'warning' as const,
        message: `${label(json, file)} has the key "${key}" in its "plugboard" field, which no installed host reads${near ? `; did you mean "${near}"?` : '.'}`,
        ...(typeof json.name === 'string' ? { package: json.name } : {}),
        path: file,
        details: { key, ...(near ? { suggestion: near } : {}) },
      };
    });
}

/** A top-level field one or two typos away from `plugboard`, in a package that has no `plugboard`. */
function misspeltField(file: string): Problem | undefined {
  const json = readJson(file);
  if (!json || 'plugboard' in json) return undefined;
  const key = Object.keys(json).find((k) => k !== 'plugboard' && didYouMean(k, ['plugboard']) !== undefined);
  if (!key) return undefined;
  return {
    code: PlugboardToolCodes.MANIFEST_FIELD_MISSPELT,
    severity: 'warning',
    message: `${label(json, file)} has a top-level "${key}" field; did you mean "plugboard"? No host sees its plugins until the field is named "plugboard".`,
    ...(typeof json.name === 'string' ? { package: json.name } : {}),
    path: file,
    details: { field: key, suggestion: 'plugboard' },
  };
}

/** package.json of each dependency of a project folder (packages without `plugboard` are never parsed by discovery). */
function dependencyManifests(dir: string): string[] {
  const json = readJson(join(dir, 'package.json'));
  if (!json) return [];
  const names = new Set<string>();
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = json[field];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
  }
  const require = createRequire(join(dir, 'noop.js'));
  const out: string[] = [];
  for (const name of names) {
    let file: string | undefined;
    try {
      file = require.resolve(`${name}/package.json`);
    } catch {
      // `exports` without ./package.json: look where Node would have installed it
      for (let d = dir; d !== dirname(d) && !file; d = dirname(d)) {
        const candidate = join(d, 'node_modules', name, 'package.json');
        if (existsSync(candidate)) file = candidate;
      }
    }
    if (file) out.push(file);
  }
  return out;
}

export interface ManifestCheckInput {
  cwd: string;
  userDir?: string | undefined;
  paths?: readonly string[] | undefined;
  /** Plugin package folders discovery found. */
  packageDirs: readonly string[];
  /** Every group of the project (their host metadata keys are known keys). */
  groups: ReadonlySet<string>;
  /** Discovery's problems: packages with an invalid `plugboard` field are checked for typos too. */
  problems: readonly Problem[];
}

/** Manifest mistakes discovery cannot name: unknown `plugboard` keys and a misspelt `plugboard` field. */
export function checkManifests(o: ManifestCheckInput): Problem[] {
  const withField = new Set(o.packageDirs.map((d) => join(d, 'package.json')));
  for (const p of o.problems) {
    if (p.code === ErrorCodes.MANIFEST_INVALID && p.path)
      withField.add(basename(p.path) === 'package.json' ? p.path : join(p.path, 'package.json'));
  }
  const problems = [...withField].flatMap((file) => unknownKeys(file, o.groups));
  const candidates = new Set([
    ...dependencyManifests(o.cwd),
    ...(o.userDir ? dependencyManifests(o.userDir) : []),
    ...(o.paths ?? []).map((p) => join(p, 'package.json')),
  ]);
  for (const file of candidates) {
    if (withField.has(file)) continue;
    const problem = misspeltField(file);
    if (problem) problems.push(problem);
  }
  return problems;
}
