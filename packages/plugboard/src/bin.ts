#!/usr/bin/env node
// Help comes from the command index through one small module; the CLI itself
// (commander, core, the tool commands) is imported only when it is needed.
import { tryFastHelp } from '@plugboard/cli/fast-help';
import { PLUGBOARD, splitCwd } from './host.js';

const argv = process.argv.slice(2);
const { rest, missing } = splitCwd(argv); // --cwd does not change help
const fast = missing ? undefined : tryFastHelp(PLUGBOARD, rest);
process.exitCode = fast ?? (await (await import('./cli.js')).createPlugboardCli().run(argv));
