// Printer host benchmark: G-code lines/s through the dispatcher (G1 moves and
// extended commands with three parameters) against a floor of tokenizing the
// same lines with no dispatch, in the same run; Klipper's own dispatcher as an
// anchor when a Klipper checkout is at $KLIPPER_DIR; and how soon a
// printer.objects.subscribe update follows a change while a print runs.
// Writes bench/results/printer.md. Build first (`pnpm build`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createPrinter, GCodeDispatch, startApiServer, tokenize } from '../../packages/printer/dist/index.js';

// The WebSocket client the printer host itself depends on (bench/ declares no ws of its own).
const WebSocket = createRequire(new URL('../../packages/printer/package.json', import.meta.url))('ws');

const N = 200_000;
const ROUNDS = 9;
const TARGET_G1 = 1_000_000;
const TARGET_LATENCY_MS = 250;
const here = fileURLToPath(new URL('.', import.meta.url));

const g1Lines = Array.from({ length: N }, (_v, i) => `G1 X${i % 200}.5 Y${(i * 7) % 200}.25 F3000`);
const extLines = Array.from({ length: N }, (_v, i) => `SET_THING A=${i} B=two C=${i % 9}.5`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Lines per second of `fn(line)` over all lines, median of ROUNDS after a warm-up round. */
function rate(lines, fn) {
  const out = [];
  for (let r = 0; r <= ROUNDS; r++) {
    globalThis.gc?.();
    const t0 = performance.now();
    for (let i = 0; i < lines.length; i++) fn(lines[i]);
    const s = (performance.now() - t0) / 1000;
    if (r > 0) out.push(lines.length / s);
  }
  return median(out);
}

const host = {
  isReady: () => true,
  stateMessage: () => '',
  sendEvent: () => [],
  invokeShutdown: () => undefined,
};
const dispatch = new GCodeDispatch(host);
dispatch.setReady(true);
let sink = 0;
dispatch.registerCommand('G1', (gcmd) => {
  sink += gcmd.getCommandParameters().X.length;
});
dispatch.registerCommand('SET_THING', (gcmd) => {
  sink += gcmd.getCommandParameters().A.length;
});

const floorG1 = rate(g1Lines, (l) => {
  sink += tokenize(l).command.length;
});
const dispG1 = rate(g1Lines, (l) => dispatch.runLine(l));
const floorExt = rate(extLines, (l) => {
  sink += tokenize(l).command.length;
});
const dispExt = rate(extLines, (l) => dispatch.runLine(l));

// The whole virtual printer: gcode_move + toolhead (limits, timeline) behind the same dispatcher.
const dir = mkdtempSync(join(tmpdir(), 'bench-printer-'));
const cfg = `[printer]\nkinematics: cartesian\nmax_velocity: 300\nmax_accel: 3000\n[stepper_x]\nposition_endstop: 0\nposition_max: 250\n[stepper_y]\nposition_endstop: 0\nposition_max: 250\n[stepper_z]\nposition_endstop: 0\nposition_max: 250\n[extruder]\nnozzle_diameter: 0.4\nfilament_diameter: 1.75\nmin_temp: 0\nmax_temp: 260\n[virtual_sdcard]\npath: gcodes\n[display_status]\n`;
writeFileSync(join(dir, 'printer.cfg'), cfg);
mkdirSync(join(dir, 'gcodes'));
writeFileSync(
  join(dir, 'gcodes', 'long.gcode'),
  `G28\n${Array.from({ length: 20000 }, (_v, i) => `G1 X${10 + (i % 200)} Y${10 + ((i * 3) % 200)} F3000`).join('\n')}\n`,
);
const vp = createPrinter({ config: join(dir, 'printer.cfg'), pluginsDir: false, speed: 1 });
await vp.start();
await vp.runScript('G28');
const gcode = vp.printer.gcode;
const fullG1 = rate(g1Lines, (l) => gcode.runLine(l));

// Subscription latency while a print runs: M117 from a second client, time until the update arrives.
await vp.runScript('RESTART');
await vp.settled();
const api = await startApiServer(vp, { port: 0 });
const open = (url) =>
  new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
  });
const wsUrl = `${api.url.replace('http', 'ws')}/websocket`;
const watcher = await open(wsUrl);
const commander = await open(wsUrl);
const seen = new Map();
watcher.on('message', (data) => {
  const msg = JSON.parse(String(data));
  const text = msg.method === 'notify_status_update' ? msg.params[0].display_status?.message : undefined;
  if (text && !seen.has(text)) seen.set(text, performance.now());
});
watcher.send(
  JSON.stringify({
    jsonrpc: '2.0',
    method: 'printer.objects.subscribe',
    params: { objects: { display_status: ['message'], print_stats: null, toolhead: ['position'] } },
    id: 1,
  }),
);
commander.send(
  JSON.stringify({
    jsonrpc: '2.0',
    method: 'printer.gcode.script',
    params: { script: 'SDCARD_PRINT_FILE FILENAME=long.gcode' },
    id: 1,
  }),
);
await new Promise((r) => setTimeout(r, 500));
const latencies = [];
for (let i = 0; i < 40; i++) {
  const text = `mark-${i}`;
  const t0 = performance.now();
  commander.send(
    JSON.stringify({
      jsonrpc: '2.0',
      method: 'printer.gcode.script',
      params: { script: `M117 ${text}` },
      id: 100 + i,
    }),
  );
  while (!seen.has(text) && performance.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 2));
  latencies.push((seen.get(text) ?? Number.NaN) - t0);
  await new Promise((r) => setTimeout(r, 37 + (i % 5) * 23));
}
const printing = vp.printer.statusOf('print_stats').state;
watcher.close();
commander.close();
await api.close();
await vp.close();
rmSync(dir, { recursive: true, force: true });
const sorted = [...latencies].sort((a, b) => a - b);
const p = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// Anchor: Klipper's gcode.py with no-op handlers on the same lines, when a checkout is given.
let anchor;
const klipperDir = process.env.KLIPPER_DIR;
if (klipperDir && existsSync(join(klipperDir, 'klippy', 'gcode.py'))) {
  const r = spawnSync('python3', [join(here, 'klipper-anchor.py'), klipperDir, String(N)], {
    encoding: 'utf8',
  });
  if (r.status === 0) anchor = JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const rows = [
  [
    'floor: tokenize `G1 X.. Y.. F3000`, no dispatch',
    floorG1,
    '1.00×',
    "Klipper's letter split, hand-written",
  ],
  [
    'dispatch G1 (no-op handler)',
    dispG1,
    ratio(dispG1, floorG1),
    `target ≥ ${fmt(TARGET_G1)}: ${dispG1 >= TARGET_G1 ? 'met' : 'NOT met'}`,
  ],
  [
    'dispatch G1 through the virtual printer (gcode_move + toolhead)',
    fullG1,
    ratio(fullG1, floorG1),
    'limits, homing check, move timeline',
  ],
  ['floor: tokenize `SET_THING A=.. B=two C=..`, no dispatch', floorExt, '1.00×', ''],
  [
    'dispatch extended command, 3 parameters (no-op handler)',
    dispExt,
    ratio(dispExt, floorExt),
    'plus the shlex-style KEY=value parse',
  ],
];
if (anchor) {
  rows.push([
    'anchor: Klipper gcode.py, G1, no-op handler (python3)',
    anchor.g1,
    ratio(anchor.g1, floorG1),
    `ours is ${ratio(dispG1, anchor.g1)} of it`,
  ]);
  rows.push([
    'anchor: Klipper gcode.py, extended 3 params (python3)',
    anchor.extended,
    ratio(anchor.extended, floorExt),
    `ours is ${ratio(dispExt, anchor.extended)} of it`,
  ]);
}
const md = `# Printer host: G-code dispatch and status updates

G-code lines per second through \`GCodeDispatch.runLine\` for ${fmt(N)} distinct lines, median
of ${ROUNDS} rounds after a warm-up, against the floor of tokenizing the same lines with no
dispatch, all in the same process. ${anchor ? "The anchor runs Klipper's own klippy/gcode.py (the checkout in $KLIPPER_DIR) on the same lines with no-op handlers." : 'Klipper anchor not run (set KLIPPER_DIR to a Klipper checkout); the issue quotes about 160,000 G1 lines/s for it.'}
Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores, load average at the end ${loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')}.

| what | lines/s | × floor | notes |
|---|---:|---:|---|
${rows.map(([w, v, x, n]) => `| ${w} | ${fmt(v)} | ${x} | ${n} |`).join('\n')}

Status updates while a print runs (virtual_sdcard printing ${fmt(20000)} moves at real speed):
a second WebSocket client sends \`M117 mark-N\` through \`printer.gcode.script\`; the time until the
subscribed client receives \`notify_status_update\` with the new \`display_status.message\`, ${latencies.length} samples
(print state at the end: ${printing}).

| what | ms |
|---|---:|
| median | ${p(0.5).toFixed(1)} |
| 95th percentile | ${p(0.95).toFixed(1)} |
| max | ${sorted.at(-1).toFixed(1)} |
| target | ≤ ${TARGET_LATENCY_MS} (${sorted.at(-1) <= TARGET_LATENCY_MS ? 'met' : 'NOT met'} by the max) |

Updates are sent on a 250 ms tick (Moonraker's 4 Hz), so the expected figure is the wait for
the next tick plus the command itself. Absolute figures vary from run to run (the machine is
shared); compare ratios.
`;
mkdirSync(join(here, '..', 'results'), { recursive: true });
writeFileSync(join(here, '..', 'results', 'printer.md'), md);
console.log(md);
if (sink < 0) console.log(sink);
