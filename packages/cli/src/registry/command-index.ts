import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Problem } from '@plugboard/core';
import { COMMAND_INDEX_VERSION, type CommandIndex } from '../fast-help.js';

// Reading the index lives in fast-help.ts: help reads it without loading anything else.
export type { CommandIndex, IndexedGroup } from '../fast-help.js';

export function writeCommandIndex(
  file: string,
  data: Omit<CommandIndex, 'version' | 'problems'> & { problems: Problem[] },
): void {
  const body: CommandIndex = {
    version: COMMAND_INDEX_VERSION,
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
