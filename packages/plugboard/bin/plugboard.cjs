#!/usr/bin/env node
// plugboard's bin. CommonJS on purpose: a help-only command line is answered from the
// command index by @plugboard/cli's fast-help module alone (no ESM loader, no commander,
// no core); any other command line imports the CLI (dist/bin.js).
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** fast-help.cjs by path: resolving the package's `exports` map costs more than the help itself. */
function fastHelp() {
  for (let dir = join(__dirname, '..'); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'node_modules', '@plugboard', 'cli', 'dist', 'fast-help.cjs');
    if (existsSync(file)) return require(file);
  }
  return require('@plugboard/cli/fast-help');
}

const host = { ...require('../host.json'), version: require('../package.json').version };
const code = fastHelp().tryFastHelp(host);
if (code === undefined) import('../dist/bin.js');
else process.exitCode = code;
