#!/usr/bin/env node
// plugboard's bin: @plugboard/cli's shared bin body. CommonJS on purpose: a help-only
// command line is answered from the discovery index before any ESM loads; any other
// command line imports the CLI (dist/bin.js).
require('@plugboard/cli/bin').main({
  app: require('node:path').join(__dirname, '..'),
  versionFromPackage: true,
  bundled: false,
});
