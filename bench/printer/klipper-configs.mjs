// Run by hand: read every file of a Klipper checkout's config/ folder with the
// printer host's reader and, where python3 can run Klipper's own configfile.py
// from the same checkout, compare sections, options and values; then start the
// virtual printer on each file and count how many reach `ready`.
//
//   git --git-dir=<mirror> archive HEAD config klippy | tar -x -C /tmp/klipper
//   node bench/printer/klipper-configs.mjs /tmp/klipper
//
// The repository cannot ship Klipper's files; this prints counts to paste.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrinter, readPrinterConfig } from '../../packages/printer/dist/index.js';

const checkout = process.argv[2];
if (!checkout) {
  console.error('usage: node bench/printer/klipper-configs.mjs <klipper checkout>');
  process.exit(2);
}
const here = fileURLToPath(new URL('.', import.meta.url));
const dir = join(checkout, 'config');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.cfg'))
  .sort()
  .map((f) => join(dir, f));

const python = spawnSync('python3', [join(here, 'klipper-parse.py'), checkout, ...files], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
const klipper = python.status === 0 ? JSON.parse(python.stdout) : undefined;
if (!klipper) console.error(`python3 comparison not available: ${python.stderr.slice(0, 300)}`);

let read = 0;
let readErrors = 0;
let same = 0;
const differ = [];
let sections = 0;
let options = 0;
const states = { ready: 0, error: 0 };
const reasons = new Map();
let warnings = 0;
for (const file of files) {
  let ours;
  try {
    ours = readPrinterConfig(file).config;
    read++;
  } catch (error) {
    readErrors++;
    differ.push(`${file}: our reader failed: ${error.message}`);
    continue;
  }
  const list = ours.sections().map((s) => [s, ours.options(s).map((o) => [o, ours.get(s, o)])]);
  sections += list.length;
  options += list.reduce((a, [, o]) => a + o.length, 0);
  const theirs = klipper?.[file];
  if (theirs) {
    if (theirs.error) differ.push(`${file}: Klipper's reader failed: ${theirs.error}`);
    else if (JSON.stringify(theirs.sections) === JSON.stringify(list)) same++;
    else {
      const a = JSON.stringify(theirs.sections);
      const b = JSON.stringify(list);
      let k = 0;
      while (a[k] === b[k]) k++;
      differ.push(
        `${file}: differs near ${JSON.stringify(a.slice(Math.max(0, k - 60), k + 60))} vs ${JSON.stringify(b.slice(Math.max(0, k - 60), k + 60))}`,
      );
    }
  }
  // Start the virtual printer on it: hardware sections become warnings, the rest objects.
  const host = createPrinter({ config: file, pluginsDir: false, speed: 1000, cwd: here });
  await host.start();
  states[host.state] = (states[host.state] ?? 0) + 1;
  if (host.state !== 'ready') {
    const reason = host.printer.stateMessage.split('\n')[0].replace(/'[^']*'/g, "'…'");
    reasons.set(reason, [...(reasons.get(reason) ?? []), file.slice(dir.length + 1)]);
  }
  warnings += host.printer.warnings.filter((w) => w.type === 'unsimulated_section').length;
  await host.close();
}

console.log(`Klipper config/ files: ${files.length} (.cfg)`);
console.log(
  `read by our reader: ${read}, reader errors: ${readErrors}; ${sections} sections, ${options} options`,
);
if (klipper)
  console.log(
    `identical to Klipper's configfile.py (sections, options, values, order): ${same} of ${files.length}`,
  );
for (const d of differ) console.log(`  ${d}`);
console.log(
  `virtual printer: ready ${states.ready}, error ${states.error}; unsimulated-section warnings: ${warnings}`,
);
for (const [reason, which] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
  console.log(
    `  ${which.length} × ${reason}  (${which.slice(0, 4).join(', ')}${which.length > 4 ? ', …' : ''})`,
  );
}
