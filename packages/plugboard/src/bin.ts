#!/usr/bin/env node
// The whole CLI; bin/plugboard.cjs answers help-only command lines before loading this.
import { runMain } from '@plugboard/cli';
import { createPlugboardCli } from './cli.js';

await runMain(createPlugboardCli());
