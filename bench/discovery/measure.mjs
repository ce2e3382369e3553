// One measurement in a fresh process: `node measure.mjs <mode> <dir>` prints
// the milliseconds the operation took (module loading excluded).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '@plugboard/core';
import { GROUP } from './generate.mjs';

const [mode, root] = process.argv.slice(2);

/** The floor: read and JSON-parse every package.json, nothing else. */
function floor() {
  const nm = join(root, 'node_modules');
  let count = 0;
  const read = (dir) => {
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    count++;
  };
  for (const entry of readdirSync(nm)) {
    if (entry[0] === '.') continue;
    if (entry[0] === '@') for (const s of readdirSync(join(nm, entry))) read(join(nm, entry, s));
    else read(join(nm, entry));
  }
  return count;
}

const sources = mode.startsWith('deps') ? { dependencies: true } : { dependencies: false, scan: true };
const cache = join(root, `index-${mode.split('-')[0]}.json`);
const t0 = performance.now();
let found;
if (mode === 'floor') found = floor();
else
  found = (await discover({ cwd: root, group: GROUP, sources, cache: mode.endsWith('cold') ? false : cache }))
    .plugins.length;
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, found }));
