import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, CliErrorCodes } from './errors.js';
import { fsError } from './fs-errors.js';

export interface LockOptions {
  cliName: string;
  /** What the lock protects, for the busy message (e.g. "the plugin folder"). */
  what: string;
  /** How long to wait for another command to finish. */
  waitMs: number;
  /** The variable that chooses the folder, for a read-only or full one. */
  variable: 'XDG_CONFIG_HOME' | 'XDG_DATA_HOME';
}

/**
 * Run `fn` holding an inter-process lock on `target` (proper-lockfile: a
 * `<target>.lock` folder created atomically, its mtime refreshed while held, so
 * a lock left by a killed process goes stale and is taken over). After `waitMs`
 * of waiting the command fails with PB_CLI_BUSY instead of losing a write.
 */
export async function withLock<T>(target: string, o: LockOptions, fn: () => Promise<T> | T): Promise<T> {
  const { lock } = await import('proper-lockfile');
  const interval = 100;
  let release: () => Promise<void>;
  try {
    mkdirSync(dirname(target), { recursive: true });
    // proper-lockfile retries every error until the wait is over: fail a read-only folder now
    accessSync(dirname(target), constants.W_OK);
    release = await lock(target, {
      realpath: false,
      // a holder refreshes the lock every stale/2; one that stops (killed) is stale after this
      stale: 5_000,
      retries: {
        retries: Math.max(1, Math.ceil(o.waitMs / interval)),
        factor: 1,
        minTimeout: interval,
        maxTimeout: interval,
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED')
      throw fsError(error, { cliName: o.cliName, path: target, variable: o.variable }) ?? error;
    throw new CliError(
      CliErrorCodes.BUSY,
      `${o.what} (${target}) is in use by another ${o.cliName} command; waited ${(o.waitMs / 1000).toFixed(1)} s. Let it finish and retry; if no other ${o.cliName} is running, the lock clears itself within 5 s.`,
      { cli: o.cliName, path: target, cause: error },
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined); // already released or compromised: nothing left to undo
  }
}
