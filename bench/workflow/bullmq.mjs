// BullMQ rows: stages/s of the workflow host's bullmq executor (a map stage of N no-op
// items, one job each) against raw BullMQ (N jobs added, one Worker), on the same Redis
// with the same worker concurrency.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createWorkflowHost,
  createWorkflowWorker,
  loadWorkflowData,
  TargetResolver,
} from '@plugboard/workflow';
import { Queue, Worker } from 'bullmq';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function raw(url, queueName, n, concurrency) {
  const connection = { url, maxRetriesPerRequest: null };
  const queue = new Queue(queueName, { connection });
  let done = 0;
  let finish;
  const all = new Promise((r) => {
    finish = r;
  });
  const worker = new Worker(queueName, async () => null, { connection, concurrency });
  worker.on('completed', () => {
    if (++done === n) finish();
  });
  await worker.waitUntilReady();
  globalThis.gc?.();
  const t = performance.now();
  await queue.addBulk(
    Array.from({ length: n }, (_, i) => ({ name: 'noop', data: { i }, opts: { removeOnComplete: true } })),
  );
  await all;
  const ms = performance.now() - t;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return ms;
}

async function ours(url, work, queueName, n, concurrency) {
  const host = await createWorkflowHost({
    cwd: work,
    dataDir: work,
    store: ':memory:',
    plugins: { cache: false, sources: { dependencies: false } },
  });
  const worker = await createWorkflowWorker({
    connection: url,
    queue: queueName,
    resolver: new TargetResolver(),
    concurrency,
  });
  const wf = loadWorkflowData(
    {
      name: 'fan',
      stages: [
        { name: 'items', target: './noop.mjs#items' },
        {
          name: 'each',
          target: './noop.mjs#noop',
          type: 'parameterized',
          depends_on: ['items'],
          map_on: 'items',
        },
      ],
    },
    join(work, 'fan.yaml'),
  );
  const executor = await host.executor({
    target: 'bullmq',
    connection: url,
    queue: queueName,
    concurrency: 1000,
    keepSeconds: 60,
  });
  globalThis.gc?.(); // the set-up's garbage is not the run's
  const t = performance.now();
  const out = await host.run(wf, { input: { n }, executorInstance: executor });
  const ms = performance.now() - t;
  if (out.state !== 'done' || out.output.length !== n)
    throw new Error(`bullmq run ${out.state}: ${out.error?.message}`);
  await executor.close();
  await worker.close();
  await host.close();
  // Leave Redis as empty as the raw variant does (its jobs and the results stream).
  for (const name of [queueName, `${queueName}.results`]) {
    const queue = new Queue(name, { connection: { url, maxRetriesPerRequest: null }, prefix: 'pb' });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  return ms;
}

/**
 * Raw and ours back to back, `samples` times. The ratio is the median of the pairs'
 * ratios: the two runs of a pair share the machine's load at that moment, which on a
 * shared machine moves more between pairs than anything measured here.
 */
export async function bullmqRows(url, work, { n = 2000, concurrency = 50, samples = 7 } = {}) {
  const r = [];
  const o = [];
  for (let i = 0; i < samples; i++) {
    r.push(await raw(url, `raw-${i}`, n, concurrency));
    o.push(await ours(url, work, `ours-${i}`, n, concurrency));
  }
  const ratios = r.map((ms, i) => ms / o[i]);
  return { n, concurrency, samples, rawMs: median(r), oursMs: median(o), ratio: median(ratios), ratios };
}
