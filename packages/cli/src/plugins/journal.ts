import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '@plugboard/core';
import type { Snapshot } from './store.js';

/**
 * Written (fsynced) before npm runs and removed after the host's checks: a
 * journal found at start means an install was interrupted (kill -9, power loss),
 * and its snapshot is what to roll back to.
 */
export interface Journal {
  /** What was running, e.g. `install @acme/x@^1`. */
  operation: string;
  pid: number;
  started: number;
  snapshot: Snapshot;
}

export const journalFile = (pluginsDir: string) => join(pluginsDir, 'transaction.json');

export function writeJournal(pluginsDir: string, journal: Journal): void {
  writeJsonAtomic(journalFile(pluginsDir), journal, { pretty: true });
}

export function readJournal(pluginsDir: string): Journal | undefined {
  try {
    const value = JSON.parse(readFileSync(journalFile(pluginsDir), 'utf8')) as Journal;
    const files = value?.snapshot?.files;
    return typeof value.operation === 'string' && files && typeof files === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function clearJournal(pluginsDir: string): void {
  rmSync(journalFile(pluginsDir), { force: true });
}

/** Whether the process that wrote a journal is still running (then it is not ours to recover). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
