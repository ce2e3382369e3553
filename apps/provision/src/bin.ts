#!/usr/bin/env node
// The whole CLI; bin/provision.cjs answers help-only command lines before loading this.
import { runMain } from '@plugboard/cli';
import { createProvision } from './cli.js';

await runMain(createProvision());
