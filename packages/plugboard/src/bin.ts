#!/usr/bin/env node
import { runMain } from '@plugboard/cli';
import { createPlugboardCli } from './cli.js';

await runMain(createPlugboardCli());
