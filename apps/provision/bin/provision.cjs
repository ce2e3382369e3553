#!/usr/bin/env node
// provision's bin: @plugboard/cli's shared bin body. CommonJS on purpose: a help-only
// command line is answered from the discovery index before any ESM loads; any other
// command line imports the CLI (dist/bin.js). The body is looked up in each node_modules
// up from the app, as require() would, but by path: Node's package-"exports" resolver
// costs about 2 ms, a tenth of a bare start. Without that file, the public entry is used.
const { dirname, join } = require('node:path');
const app = join(__dirname, '..');
let body = '@plugboard/cli/bin';
for (let dir = app; dir !== dirname(dir) && body[0] === '@'; dir = dirname(dir)) {
  const file = join(dir, 'node_modules/@plugboard/cli/dist/fast-help/index.cjs');
  if (require('node:fs').existsSync(file)) body = file;
}
require(body).main({ app });
