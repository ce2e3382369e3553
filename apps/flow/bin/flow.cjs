#!/usr/bin/env node
// flow's bin: @plugboard/cli's shared bin body, found by path as apps/provision's bin
// explains (help-only command lines are answered from the index before any ESM loads).
const { dirname, join } = require('node:path');
const app = join(__dirname, '..');
let body = '@plugboard/cli/bin';
for (let dir = app; dir !== dirname(dir) && body[0] === '@'; dir = dirname(dir)) {
  const file = join(dir, 'node_modules/@plugboard/cli/dist/fast-help/index.cjs');
  if (require('node:fs').existsSync(file)) body = file;
}
require(body).main({ app });
