#!/usr/bin/env node
import { runMain } from '@plugboard/cli';
import { createWebServerCli } from './cli.js';

await runMain(createWebServerCli());
