// BullMQ rows: stages/s of the workflow host's bullmq executor (a map stage of N no-op
// items, one job each) against raw BullMQ doing the same work: N jobs of the same size,
// one Worker of the same concurrency, each job's result back to the producer through
// Redis, on the same Redis.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createWorkflowHost,
  createWorkflowWorker,
  loadWorkflowData,
  TargetResolver,
} from '@plugboard/workflow';
import { Queue, QueueEvents, QueueEventsProducer, Worker } from 'bullmq';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU time so far, µs: this process's, and redis-server's (INFO cpu, through a BullMQ client). */
async function cpuNow(queue) {
  const info = await (await queue.client).info('cpu');
  const field = (name) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  const own = process.cpuUsage();
  return { own: own.user + own.system, redis: (field('used_cpu_user') + field('used_cpu_sys')) * 1e6 };
}
const cpuSince = async (queue, start) => {
  const end = await cpuNow(queue);
  return { own: end.own - start.own, redis: end.redis - start.redis };
};

/**
 * Raw BullMQ: `addBulk` of all N jobs, whose data is padded to the size of the workflow
 * jobs' data; a Worker returning null; the results back to the producer the cheapest way
 * BullMQ offers (the worker publishes them, batched per tick, as custom events with a
 * QueueEventsProducer; the producer reads them with a QueueEvents, as our host does),
 * rather than a QueueEvents on the queue's own stream (four events per job to read).
 * Done when the producer has all N results.
 */
export async function raw(url, queueName, n, concurrency, dataBytes = 0) {
  const connection = { url, maxRetriesPerRequest: null };
  const queue = new Queue(queueName, { connection });
  const resultsName = `${queueName}.results`;
  const results = new QueueEvents(resultsName, { connection });
  const producer = new QueueEventsProducer(resultsName, { connection });
  const values = new Array(n);
  let done = 0;
  let finish;
  const all = new Promise((r) => {
    finish = r;
  });
  results.on('results', ({ batch }) => {
    const notices = JSON.parse(batch);
    for (const [i, value] of notices) values[i] = value;
    done += notices.length;
    if (done === n) finish();
  });
  let pending = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    producer.publishEvent({ eventName: 'results', batch: JSON.stringify(batch) }, 10_000).catch(() => {});
  };
  const worker = new Worker(queueName, async () => null, { connection, concurrency });
  worker.on('completed', (job, value) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push([job.data.i, value]);
  });
  await Promise.all([worker.waitUntilReady(), results.waitUntilReady(), producer.waitUntilReady()]);
  const pad = 'x'.repeat(Math.max(0, dataBytes - JSON.stringify({ i: n, pad: '' }).length));
  globalThis.gc?.();
  const cpu0 = await cpuNow(queue);
  const t = performance.now();
  await queue.addBulk(
    Array.from({ length: n }, (_, i) => ({
      name: 'noop',
      data: { i, pad },
      opts: { removeOnComplete: true },
    })),
  );
  await all;
  const ms = performance.now() - t;
  const cpu = await cpuSince(queue, cpu0);
  await worker.close();
  await Promise.all([results.close(), producer.close()]);
  for (const q of [queue, new Queue(resultsName, { connection })]) {
    await q.obliterate({ force: true });
    await q.close();
  }
  return { ms, cpu };
}

/**
 * Ours: `host.run` of the map workflow on the bullmq executor with a `createWorkflowWorker`
 * in this process. Also answers the size of a job's data (for the raw jobs' padding).
 */
export async function ours(url, work, queueName, n, concurrency) {
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
  const connection = { url, maxRetriesPerRequest: null };
  const queue = new Queue(queueName, { connection, prefix: 'pb' });
  globalThis.gc?.(); // the set-up's garbage is not the run's
  const cpu0 = await cpuNow(queue);
  const t = performance.now();
  const out = await host.run(wf, { input: { n }, executorInstance: executor });
  const ms = performance.now() - t;
  const cpu = await cpuSince(queue, cpu0);
  if (out.state !== 'done' || out.output.length !== n)
    throw new Error(`bullmq run ${out.state}: ${out.error?.message}`);
  await executor.close();
  await worker.close();
  await host.close();
  const [job] = await queue.getJobs(['completed'], 0, 0);
  const dataBytes = Buffer.byteLength(JSON.stringify(job?.data ?? {}));
  // Leave Redis as empty as the raw variant does (its jobs, the results stream, the run's spec).
  const client = await queue.client;
  const specs = await client.keys(`pb:${queueName}:spec:*`);
  if (specs.length > 0) await client.del(...specs);
  for (const q of [queue, new Queue(`${queueName}.results`, { connection, prefix: 'pb' })]) {
    await q.obliterate({ force: true });
    await q.close();
  }
  return { ms, cpu, dataBytes };
}

/**
 * Raw and ours back to back, `samples` times. The ratio is the median of the pairs'
 * ratios: the two runs of a pair share the machine's load at that moment, which on a
 * shared machine moves more between pairs than anything measured here.
 */
export async function bullmqRows(url, work, { n = 2000, concurrency = 50, samples = 7 } = {}) {
  // A warm-up pair, not counted: it also tells the size of our jobs' data.
  const { dataBytes } = await ours(url, work, 'ours-warm', n, concurrency);
  await raw(url, 'raw-warm', n, concurrency, dataBytes);
  const r = [];
  const o = [];
  for (let i = 0; i < samples; i++) {
    r.push(await raw(url, `raw-${i}`, n, concurrency, dataBytes));
    o.push(await ours(url, work, `ours-${i}`, n, concurrency));
  }
  const ratios = r.map((x, i) => x.ms / (o[i]?.ms ?? Number.NaN));
  // CPU per job in the timed window: this process (producer/host and worker), and redis-server.
  const perJob = (runs, side) => median(runs.map((x) => x.cpu[side] / n));
  return {
    n,
    concurrency,
    samples,
    dataBytes,
    rawMs: median(r.map((x) => x.ms)),
    oursMs: median(o.map((x) => x.ms)),
    ratio: median(ratios),
    ratios,
    cpu: {
      raw: { own: perJob(r, 'own'), redis: perJob(r, 'redis') },
      ours: { own: perJob(o, 'own'), redis: perJob(o, 'redis') },
    },
  };
}
