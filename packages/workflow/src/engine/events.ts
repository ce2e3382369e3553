import type { LogLevel } from '../types.js';
import type { EncodedError } from './serialize.js';

/** A finished stage execution (one item of a parameterized stage), as the run store keeps it. */
export interface StageRecord {
  stage: string;
  /** Item position for parameterized stages; -1 for simple stages. */
  index: number;
  state: 'done' | 'failed';
  attempts: number;
  startedAt: number;
  finishedAt: number;
  result?: unknown;
  error?: EncodedError | undefined;
  /** Content hash of the stage's module. */
  version: string;
}

/** What a run reports as it goes (progress bars, logs, `--json` event streams). */
export type RunEvent =
  | { type: 'stage-start'; stage: string; index: number; attempt: number }
  | { type: 'stage-done'; stage: string; index: number; ms: number }
  | {
      type: 'stage-retry';
      stage: string;
      index: number;
      attempt: number;
      error: EncodedError;
      delayMs: number;
    }
  | { type: 'stage-failed'; stage: string; index: number; error: EncodedError }
  | { type: 'stage-items'; stage: string; total: number }
  | {
      type: 'progress';
      stage: string;
      index: number;
      done: number;
      total: number | undefined;
      message: string | undefined;
    }
  | { type: 'log'; stage: string; index: number; level: LogLevel; message: string };

export type RunState = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
