#!/usr/bin/env node
import { runMain } from '@plugboard/cli';
import { createProvision } from './cli.js';

await runMain(createProvision());
