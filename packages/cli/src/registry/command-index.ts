import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Problem } from '@plugboard/core';
import type { CliGroupMeta } from '../types.js';

/** Bump when the layout changes so an old file is ignored, never misread. */
const VERSION = 1;

/** One discovered command group, as much as help and routing need. */
export interface IndexedGroup {
  name: string;
  description: string;
  source: 'path' | 'user' | 'dependencies';
  package: { name: string; version: string; dir: string };
  /** Entry point value, `"./dist/cli.js#export"`. */
  value: string;
  meta?: CliGroupMeta;
}

export interface CommandIndex {
  version: number;
  key: string;
  /** Core's discovery fingerprint: path -> mtimeMs. */
  fingerprint: Record<string, number>;
  groups: IndexedGroup[];
  problems: Problem[];
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * The CLI's own index (oclif's manifest): what help and routing need, valid
 * while nothing in core's discovery fingerprint changed. Reading it needs
 * neither core nor its validators, which keeps `--help` fast.
 */
export function readCommandIndex(file: string, key: string): CommandIndex | undefined {
  let index: CommandIndex;
  try {
    index = JSON.parse(readFileSync(file, 'utf8')) as CommandIndex;
  } catch {
    return undefined;
  }
  if (index.version !== VERSION || index.key !== key) return undefined;
  for (const path in index.fingerprint) {
    if (mtime(path) !== index.fingerprint[path]) return undefined;
  }
  return index;
}

export function writeCommandIndex(file: string, data: Omit<CommandIndex, 'version'>): void {
  const body: CommandIndex = {
    version: VERSION,
    ...data,
    problems: data.problems.map(({ cause: _cause, ...rest }) => rest),
  };
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, file);
  } catch {
    // read-only data folder: every start stays cold, nothing else breaks
  }
}
