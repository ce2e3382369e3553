import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CreateCliOptions, createCli } from '@plugboard/cli';
import { workflowHost } from '@plugboard/workflow';
import { runCommand } from './commands/run.js';
import { runsCommand } from './commands/runs.js';
import { stagesCommand } from './commands/stages.js';
import { triggersCommand } from './commands/triggers.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';

/** The app's folder: its package.json dependencies are the bundled plugins (CLI groups and workflow stages). */
export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Names and descriptions of the built-in groups, shared with bin/flow.cjs for fast help. */
export const HOST = JSON.parse(readFileSync(new URL('../host.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  description: string;
  plugins: Array<{ name: string; description: string }>;
};

export type FlowOptions = Partial<Omit<CreateCliOptions, 'name' | 'version'>>;

/** `flow`: the workflow host's command line, a @plugboard/cli host (plugins may add command groups). */
export function createFlow(options: FlowOptions = {}) {
  return createCli({
    ...HOST,
    root: APP_ROOT,
    // `flow plugins install|link|list` manage stage and executor packages too
    pluginHosts: [workflowHost],
    plugins: [runCommand, workerCommand, runsCommand, stagesCommand, validateCommand, triggersCommand],
    ...options,
  });
}
