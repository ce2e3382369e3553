#!/usr/bin/env node
import { runSealCommand } from '../seal/command.js';

process.exitCode = await runSealCommand(process.argv.slice(2));
