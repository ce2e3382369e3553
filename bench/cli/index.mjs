// CLI benchmark: `provision --help` with 0, 50 and 200 installed plugins against
// bare `node -e 0` and an oclif CLI with the same plugins (prebuilt manifests).
// Every sample is a fresh process; variants are interleaved and medians reported.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fallbackProvision, oclifPlugins, oclifRoot, plugboardPlugins, runFloor } from './generate.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const work = fileURLToPath(new URL('../.work/cli/', import.meta.url));
const results = fileURLToPath(new URL('../results/cli.md', import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '0,50,200').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 41);

/** The provision app's bin when it is built, else a host script that mirrors it. */
function provisionEntry() {
  const app = join(repo, 'apps', 'provision');
  try {
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.provision;
    if (bin && existsSync(join(app, bin))) return { file: join(app, bin), label: 'apps/provision' };
  } catch {
    // not there yet
  }
  return {
    file: fallbackProvision(join(work, 'host')),
    label: 'bench host script (createCli, as apps/provision)',
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => ms.toFixed(1);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

function time(args, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Files a run loads (CommonJS and ESM), from Node's own module debug log. */
function loadedFiles(args, env) {
  const r = spawnSync(process.execPath, args, {
    env: { ...env, NODE_DEBUG: 'module,esm' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = new Set();
  for (const m of r.stderr.matchAll(/^MODULE \d+: load "([^"]+)" for module/gm)) files.add(m[1]);
  for (const m of r.stderr.matchAll(/^ESM \d+: Storing file:\/\/(\S+) /gm)) files.add(m[1]);
  return files.size;
}

/** Run once and check the help really lists the last plugin (and nothing failed). */
function check(label, args, env, n, expected) {
  const r = time(args, env);
  if (r.status !== 0 || (n > 0 && !r.stdout.includes(expected)) || r.stderr.trim()) {
    throw new Error(
      `${label} --help with ${n} plugins misbehaved (exit ${r.status}):\n${r.stdout}\n${r.stderr}`,
    );
  }
}

const loadBefore = loadavg()[0];
mkdirSync(work, { recursive: true });
const provision = provisionEntry();
const ocli = oclifRoot(join(work, 'oclif-cli'));
const floorScript = runFloor(work);
console.log(`  provision: ${provision.label}; ${runs} runs per variant`);

const rows = [];
for (const n of sizes) {
  const home = join(work, `home-${n}`);
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    NO_COLOR: '1',
  };
  process.stdout.write(`  ${n} plugins: generating…`);
  plugboardPlugins(env.XDG_DATA_HOME, n);
  await oclifPlugins(env.XDG_DATA_HOME, n);
  // The host keeps its discovery and command indexes here; deleting it forces a cold start.
  const cacheDir = join(env.XDG_DATA_HOME, 'provision', 'cache');
  // fast help keeps each answer here, beside the index; `first` runs without it
  const keptAnswers = join(cacheDir, 'help.json');
  const variants = {
    node: ['-e', '0'],
    first: [provision.file, '--help'],
    provision: [provision.file, '--help'],
    oclif: [ocli, '--help'],
    // the documented ESM pattern: `await runMain(createCli(…))`, fast help inside run()
    esm: [join(repo, 'apps', 'provision', 'dist', 'bin.js'), '--help'],
    // running a plugin command: the last installed plugin's, or the bundled hello with none installed
    run: n > 0 ? [provision.file, `g${n - 1}`, 'hello'] : [provision.file, 'hello', 'world', 'Ada'],
    // the same command line through the bare minimum (see generate.mjs runFloor)
    floor: n > 0 ? [floorScript, `g${n - 1}`, 'hello'] : [floorScript, 'hello', 'world', 'Ada'],
    ...(n > 0 ? { ocliRun: [ocli, `g${n - 1}`, 'hello'] } : {}),
  };
  check('provision', variants.provision, env, n, `g${n - 1}`);
  check('oclif', variants.oclif, env, n, `g${n - 1}`);
  const files = {
    provision: loadedFiles(variants.provision, env),
    oclif: loadedFiles(variants.oclif, env),
    run: loadedFiles(variants.run, env),
    ocliRun: variants.ocliRun ? loadedFiles(variants.ocliRun, env) : undefined,
  };
  process.stdout.write(' measuring…');
  const samples = {
    node: [],
    first: [],
    provision: [],
    cold: [],
    oclif: [],
    esm: [],
    run: [],
    floor: [],
    ocliRun: [],
  };
  for (let i = 0; i < runs + 2; i++) {
    const keep = i >= 2; // two warm-up rounds
    for (const [name, args] of Object.entries(variants)) {
      if (name === 'first') rmSync(keptAnswers, { force: true });
      const { ms } = time(args, env);
      if (keep) samples[name].push(ms);
    }
    rmSync(cacheDir, { recursive: true, force: true });
    const { ms } = time(variants.provision, env);
    if (keep) samples.cold.push(ms);
  }
  const row = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [k, v.length ? median(v) : undefined]),
  );
  rows.push({ n, ...row, files });
  console.log(
    ` node ${fmt(row.node)} ms, provision ${fmt(row.provision)} ms (first ${fmt(row.first)}, cold ${fmt(row.cold)}, ESM runMain ${fmt(row.esm)}), oclif ${fmt(row.oclif)} ms`,
  );
}

const last = rows[rows.length - 1];
const table = [
  '| plugins | node -e 0 (ms) | provision --help (ms) | provision / node | first after a rescan (ms) | first / node | cold index (ms) | cold / node | oclif --help (ms) | oclif / node | provision / oclif | files loaded (provision / oclif) | ESM runMain bin (ms) | ESM / node |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) =>
    [
      r.n,
      fmt(r.node),
      fmt(r.provision),
      ratio(r.provision, r.node),
      fmt(r.first),
      ratio(r.first, r.node),
      fmt(r.cold),
      ratio(r.cold, r.node),
      fmt(r.oclif),
      ratio(r.oclif, r.node),
      ratio(r.provision, r.oclif),
      `${r.files.provision} / ${r.files.oclif}`,
      fmt(r.esm),
      ratio(r.esm, r.node),
    ]
      .join(' | ')
      .replace(/^/, '| ')
      .concat(' |'),
  ),
];
const runTable = [
  '| plugins | node -e 0 (ms) | provision <command> (ms) | run / node | floor (ms) | floor / node | run / floor | oclif <command> (ms) | oclif / node | provision / oclif | files loaded (provision / oclif) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${[
        r.n,
        fmt(r.node),
        fmt(r.run),
        ratio(r.run, r.node),
        fmt(r.floor),
        ratio(r.floor, r.node),
        ratio(r.run, r.floor),
        r.ocliRun === undefined ? '—' : fmt(r.ocliRun),
        r.ocliRun === undefined ? '—' : ratio(r.ocliRun, r.node),
        r.ocliRun === undefined ? '—' : ratio(r.run, r.ocliRun),
        `${r.files.run} / ${r.files.ocliRun ?? '—'}`,
      ].join(' | ')} |`,
  ),
];
const runMeets = rows.every((r) => r.run <= 1.5 * r.node);
const runBeats = rows.every((r) => r.ocliRun === undefined || r.run < r.ocliRun);
const meetsNode = rows.every((r) => r.provision <= 1.2 * r.node);
const beatsOclif = rows.every((r) => r.provision < r.oclif);
const oclifVersion = JSON.parse(
  readFileSync(join(repo, 'bench', 'node_modules', '@oclif', 'core', 'package.json'), 'utf8'),
).version;
const doc = `# CLI start-up: \`provision --help\`

Wall time of one \`--help\` process (spawn to exit), median of ${runs} runs after
2 warm-up rounds, variants interleaved; Node ${process.version}, ${process.platform}/${process.arch},
${cpus().length} CPUs, 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after
(other work on the machine shifts absolute times; compare the ratios).

- **provision**: ${provision.label}, plugins installed in its user plugin
  directory (\`$XDG_DATA_HOME/provision/plugins\`, as \`provision plugins install\`
  leaves it). The bin (CommonJS, \`@plugboard/cli/bin\`'s shared body) answers \`--help\` from the
  host's view stored in core's discovery index (\`$XDG_DATA_HOME/provision/cache/discovery.json\`,
  fresh and well formed by \`@plugboard/core/light\`) with one import-free CommonJS file (the cli's fast-help with core's light reader joined in): no
  ESM loader, no commander, no core main entry, no plugin code. It keeps each answer beside the
  index (\`help.json\`: the text, keyed by the command line, widths and host data, valid while the
  index file is the same and every path its entry watches is unchanged), so a repeated
  \`--help\` reads a few kilobytes and stats the watched paths instead of parsing the index
  and laying out the help.
- **first after a rescan**: the same with no kept answer (the first \`--help\` after the index
  was written): it reads the index's view and renders.
- **cold index**: the same, after deleting the discovery index (first run after an install).
- **ESM runMain bin**: \`apps/provision/dist/bin.js\`, the documented ESM pattern
  (\`await runMain(createCli(…))\`): \`createCli().run()\` tries the same fast help before
  importing commander, but pays for Node's ESM loader and the package's entry modules.
- **oclif**: an \`@oclif/core\` ${oclifVersion} CLI built by the benchmark, the same number of
  user plugins (\`$XDG_DATA_HOME/ocli\`), one command each, each with a prebuilt
  \`oclif.manifest.json\` (generated by oclif's \`Plugin\` loader, as \`oclif manifest\` does).

${table.join('\n')}

Targets at every size: ≤ 1.2× bare node — ${meetsNode ? 'met' : 'NOT met'} (${ratio(last.provision, last.node)} at ${last.n} plugins;
the first help after a rescan ${rows.every((r) => r.first <= 1.2 * r.node) ? 'meets it too' : `does not: ${rows.map((r) => ratio(r.first, r.node)).join(', ')}`});
faster than oclif — ${beatsOclif ? 'met' : 'NOT met'} (${ratio(last.provision, last.oclif)} of oclif's time at ${last.n}).
*files loaded*: distinct files Node loads for one warm \`--help\` (\`NODE_DEBUG=module,esm\`).

## Running a plugin command

\`provision g<N-1> hello\` (the last installed plugin's command; with 0 plugins the bundled
\`hello world Ada\`) against \`ocli g<N-1> hello\`, same runs, same machine. The full CLI runs:
the host kit's discovery (a warm index), commander, the plugin's config and its import.
**floor** runs the same command line through a bare CommonJS script that does only what
cannot be skipped: read the index and stat what it watches, require commander, import the
plugin's entry module and parse (no config, lifecycle, checks or error handling).
@plugboard/core and @plugboard/cli are loaded from their joined ES modules (\`dist/bundle/\`),
zod and semver not at all (they load on first use, and a warm index needs neither).

${runTable.join('\n')}

Targets: ≤ 1.5× bare node at every size — ${runMeets ? 'met' : 'NOT met'}; faster than oclif — ${runBeats ? 'met' : 'NOT met'}.

Regenerate: \`pnpm bench cli\` (\`BENCH_RUNS\`, \`BENCH_SIZES\` to change the sample).
`;
writeFileSync(results, doc);
console.log(`  wrote ${results}`);
