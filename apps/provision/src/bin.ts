#!/usr/bin/env node
// Help comes from the command index through one small module; the CLI itself
// (commander, core, plugins) is imported only when the command line needs it.
import { runBin } from '@plugboard/cli/fast-help';
import { PROVISION } from './host.js';

await runBin(PROVISION, async () => (await import('./cli.js')).createProvision());
