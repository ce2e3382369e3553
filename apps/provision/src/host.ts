import { fileURLToPath } from 'node:url';
import type { HelpHost } from '@plugboard/cli';

/** The app's folder: its package.json dependencies are the bundled plugins. */
export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Name and help line of the host's own `self` group (its commands live in cli.ts). */
export const SELF = { name: 'self', description: 'where provision keeps its files' };

/**
 * What help needs to know about provision, as plain data: the bin answers
 * `--help` from it and the command index without loading the CLI.
 */
export const PROVISION = {
  name: 'provision',
  version: '0.0.0',
  description: 'Provision and inspect machines; every command group comes from a plugin.',
  root: APP_ROOT,
  plugins: [SELF],
} satisfies HelpHost;
