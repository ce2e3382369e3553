import { resolve } from 'node:path';
import { CliError, CliErrorCodes } from '../errors.js';
import type { HostState } from '../host-state.js';
import { withLock } from '../lock.js';
import { type CheckedPlugin, checkCandidate } from './check.js';
import { alive, clearJournal, readJournal, writeJournal } from './journal.js';
import { runNpm } from './npm.js';
import { createProgress } from './progress.js';
import { reconcileStore } from './reconcile.js';
import {
  ensureUserDir,
  linkAdapter,
  readUserManifest,
  restore,
  type Snapshot,
  snapshot,
  sweepTemp,
} from './store.js';

/** What the store's transactions need of a run (recovery runs before the rest of the state exists). */
export type StoreContext = Pick<HostState, 'cliName' | 'paths' | 'env' | 'options' | 'io'>;

/** The adapters of the CLI's `pluginHosts`, linked into the store beside @plugboard/cli. */
export function adapterLinks(state: StoreContext) {
  return {
    root: state.options.root,
    adapters: (state.options.pluginHosts ?? []).map((h) => h.adapter.name),
  };
}

/** How long a plugins command waits for another one to finish with the store. */
const STORE_WAIT_MS = 120_000;

export function npmOptions(state: StoreContext) {
  return {
    cliName: state.cliName,
    cwd: state.paths.pluginsDir,
    env: state.env,
    command: state.options.npm?.command,
    registry: state.options.npm?.registry,
  };
}

/** Hold the store's lock (package.json, lockfile, links.json, node_modules) for `fn`. */
export function withStore<T>(state: StoreContext, fn: () => Promise<T> | T): Promise<T> {
  const dir = state.paths.pluginsDir;
  return withLock(
    dir,
    {
      cliName: state.cliName,
      what: 'the plugin folder',
      waitMs: state.options.lockWaitMs ?? STORE_WAIT_MS,
      variable: 'XDG_DATA_HOME',
    },
    fn,
  );
}

/** Put the files back and let npm make node_modules match them; leftovers npm keeps are pruned. */
async function rollBack(state: StoreContext, snap: Snapshot): Promise<void> {
  const dir = state.paths.pluginsDir;
  restore(dir, snap);
  try {
    await runNpm(['install'], npmOptions(state));
  } finally {
    reconcileStore(dir);
    linkAdapter(dir, adapterLinks(state));
  }
}

/**
 * Finish what a killed command left: a journal whose writer is gone is rolled
 * back (its install was never checked by the host), the @plugboard/cli link is
 * put back, and old temp files are swept. Runs under the store's lock.
 */
export async function recoverStore(state: StoreContext): Promise<void> {
  const dir = state.paths.pluginsDir;
  const journal = readJournal(dir);
  if (!journal || alive(journal.pid)) return;
  await withStore(state, async () => {
    const again = readJournal(dir);
    if (!again || alive(again.pid)) return;
    state.io.warn(`\`${state.cliName} plugins ${again.operation}\` was interrupted; rolling it back.`);
    await rollBack(state, again.snapshot);
    clearJournal(dir);
    sweepTemp(dir);
  });
}

/**
 * Run an npm change as a transaction: under the store's lock, with a journal
 * written first; then check every plugin it touched and, when one is rejected,
 * roll back. The journal goes only after the store is consistent again.
 */
export async function transaction(
  state: HostState,
  label: string,
  operation: string,
  npmArgs: string[],
  touched: (before: Record<string, string>, after: Record<string, string>) => string[],
): Promise<CheckedPlugin[]> {
  const dir = state.paths.pluginsDir;
  return withStore(state, async () => {
    ensureUserDir(dir, state.cliName);
    reconcileStore(dir);
    const snap = snapshot(dir);
    const before = readUserManifest(dir, state.cliName).dependencies;
    writeJournal(dir, { operation, pid: process.pid, started: Date.now(), snapshot: snap });
    const progress = await createProgress(state);
    progress.start(label);
    try {
      await runNpm(npmArgs, npmOptions(state));
    } catch (error) {
      progress.fail(`${label} failed`);
      try {
        await rollBack(state, snap);
      } catch {
        // npm's own error says more than a failed restore; the journal stays for the next start
        throw error;
      }
      clearJournal(dir);
      throw error;
    }
    const after = readUserManifest(dir, state.cliName).dependencies;
    const checked: CheckedPlugin[] = [];
    try {
      progress.update('Checking compatibility');
      for (const name of touched(before, after)) {
        checked.push(
          await checkCandidate(resolve(dir, 'node_modules', name), state.cliName, state.options.pluginHosts),
        );
      }
    } catch (error) {
      progress.update('Rolling back');
      try {
        await rollBack(state, snap);
      } catch (rollback) {
        throw new CliError(
          CliErrorCodes.INSTALL_FAILED,
          `${(error as Error).message} Rolling back also failed (${(rollback as Error).message}); run \`npm install\` in ${dir}.`,
          { cli: state.cliName, cause: error },
        );
      }
      clearJournal(dir);
      progress.fail(`${label}: rejected, rolled back`);
      throw error;
    }
    linkAdapter(dir, adapterLinks(state));
    clearJournal(dir);
    // stop the spinner: on a terminal its timer would otherwise keep the process running
    progress.done(`${label}: done`);
    return checked;
  });
}
