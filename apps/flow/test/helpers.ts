import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

// End to end through the built binary (`npm test` builds before vitest runs).
export const bin = fileURLToPath(new URL('../bin/flow.cjs', import.meta.url));

/** A temp home for flow (config, data, store) and the test's files. */
export function flowHome(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    FLOW_STORE: join(dir, 'runs.db'),
  };
  return {
    dir,
    env,
    store: join(dir, 'runs.db'),
    write(name: string, text: string) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    flow(...args: string[]) {
      const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 120_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
    spawn(...args: string[]): ChildProcess {
      return spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    },
  };
}

export type FlowHome = ReturnType<typeof flowHome>;

export interface FlowWorkerOptions {
  /** Redis URL. */
  connection: string;
  queue: string;
  /** Worker processes to start (default 2). */
  count?: number;
  concurrency?: number;
  /** BullMQ lock duration and stalled-job check interval, in ms: short, so a killed worker's jobs come back fast. */
  lockDuration?: number;
  stalledInterval?: number;
}

/**
 * Start `flow worker` processes on one queue; resolves once each has printed its banner.
 * If one exits first, all of them are killed and the promise rejects with its output.
 */
export async function startWorkers(home: FlowHome, options: FlowWorkerOptions): Promise<ChildProcess[]> {
  const {
    connection,
    queue,
    count = 2,
    concurrency = 4,
    lockDuration = 1500,
    stalledInterval = 1000,
  } = options;
  const args = ['--connection', connection, '--queue', queue, '--concurrency', String(concurrency)];
  args.push('--lock-duration', String(lockDuration), '--stalled-interval', String(stalledInterval));
  const workers = Array.from({ length: count }, () => home.spawn('worker', ...args));
  const ready = (w: ChildProcess) =>
    new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      w.stdout?.on('data', (d) => {
        out += d;
        if (out.includes('flow worker')) resolve();
      });
      w.stderr?.on('data', (d) => (err += d));
      w.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${out}${err}`)));
    });
  try {
    await Promise.all(workers.map(ready));
  } catch (error) {
    for (const w of workers) w.kill('SIGKILL');
    throw error;
  }
  return workers;
}

/** Resolve once `check` holds, polling every 50 ms; fail after `ms`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  ms = 30_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** Stage code for the distributed tests: deterministic values, a log line per execution, a short sleep. */
export const STAGES = `import { appendFileSync } from 'node:fs';
export async function node(input, ctx) {
  appendFileSync(ctx.workflowInput.log, ctx.stage + (ctx.index === undefined ? '' : '[' + ctx.index + ']') + ' ' + process.pid + '\\n');
  await new Promise((r) => setTimeout(r, ctx.workflowInput.ms));
  const parts = input && typeof input === 'object' && !Array.isArray(input) && !('seed' in input) ? Object.values(input) : [input.seed ?? input];
  const base = parts.flat().reduce((a, b) => a + Number(b), 0);
  return (base * 31 + ctx.stage.length + (ctx.index ?? 0)) % 1000003;
}
export const fan = (input) => Array.from({ length: input.fan ?? 0 }, (_, i) => i + 1);
`;

/** A layered DAG: a root, `layers` × `width` stages each taking two of the layer before, and a sink. */
export function layeredWorkflow(layers: number, width: number): string {
  const lines = ['name: layered', 'stages:', '  - name: root', '    target: ./stages.mjs#node'];
  for (let l = 0; l < layers; l++) {
    for (let w = 0; w < width; w++) {
      const deps = l === 0 ? ['root'] : [`s${l - 1}_${w}`, `s${l - 1}_${(w + 1) % width}`];
      lines.push(
        `  - name: s${l}_${w}`,
        '    target: ./stages.mjs#node',
        `    depends_on: [${deps.join(', ')}]`,
      );
    }
  }
  lines.push(
    '  - name: sink',
    '    target: ./stages.mjs#node',
    `    depends_on: [${Array.from({ length: width }, (_, w) => `s${layers - 1}_${w}`).join(', ')}]`,
  );
  return `${lines.join('\n')}\n`;
}

/** Executions per stage from a log written by the `node` stage. */
export function executions(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n').filter(Boolean)) {
    const stage = line.split(' ')[0] as string;
    counts.set(stage, (counts.get(stage) ?? 0) + 1);
  }
  return counts;
}
