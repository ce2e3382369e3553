// `npm run demo`: flow on the textstats example, with its files in a temp folder: the
// stages it discovers, validation, the same workflow on the local and threads executors,
// the run records, and an event trigger.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/flow.cjs', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const workflow = fileURLToPath(
  new URL('../../../examples/workflow-textstats/workflows/textstats.yaml', import.meta.url),
);
const broken = fileURLToPath(new URL('../workflows/broken.yaml', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'flow-demo-'));
// Something real to count: the READMEs of this repository's packages.
const texts = join(home, 'texts');
mkdirSync(texts);
for (const dir of ['packages', 'examples']) {
  for (const name of readdirSync(join(repo, dir))) {
    try {
      cpSync(join(repo, dir, name, 'README.md'), join(texts, `${name}.md`));
    } catch {
      // a package without a README
    }
  }
}
const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
const input = JSON.stringify({ folder: texts, top: 5 });
const steps: Array<{ args: string[]; expected?: number }> = [
  { args: ['stages'] },
  { args: ['validate', workflow] },
  { args: ['validate', broken], expected: 1 },
  { args: ['run', workflow, '--input', input, '--run-id', 'demo-local'] },
  {
    args: ['run', workflow, '--input', input, '--executor', 'threads', '--run-id', 'demo-threads', '--json'],
  },
  { args: ['run', workflow, '--input', input, '--executor', '{"target":"logging","print":true}'] },
  { args: ['runs', 'list'] },
  { args: ['runs', 'show', 'demo-threads'] },
  {
    args: [
      'triggers',
      'add',
      workflow,
      '--event',
      'folder.ready',
      '--where',
      '{"kind":"docs"}',
      '--input',
      input,
    ],
  },
  { args: ['triggers', 'emit', 'folder.ready', '{"kind":"docs"}'] },
  { args: ['triggers', 'list'] },
];
let failed = 0;
try {
  for (const { args, expected = 0 } of steps) {
    console.log(
      `\n$ flow ${args.map((a) => (a.includes(' ') || a.startsWith('{') ? `'${a}'` : a)).join(' ')}`,
    );
    const r = spawnSync(process.execPath, [bin, ...args, '--non-interactive'], { env, stdio: 'inherit' });
    console.log(`(exit ${r.status}${r.status === expected ? '' : `, expected ${expected}`})`);
    if (r.status !== expected) failed++;
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
