// BullMQ rows: stages/s of the workflow host's bullmq executor (a map stage of N no-op
// items, one job each) against raw BullMQ doing the same work: N jobs of the same size,
// one Worker of the same concurrency, each job's result back to the producer through
// Redis, on the same Redis. Two rows: the worker in the bench process (one thread does
// everything), and the worker in a child process of its own (bullmq-worker.mjs), on both sides.
import { fork } from 'node:child_process';
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
 * The worker side in a child process of its own (bullmq-worker.mjs, side "raw" or "ours"),
 * resolved once the process is loaded; one per side of the separate-process row, so its
 * code is as warm from run to run as the in-process worker's. `start(queueName)` starts a
 * worker there and resolves once it takes jobs, `stop()` closes it; `cpu()` answers the
 * process's CPU time so far, µs; `exit()` ends the process.
 */
async function workerProcess(side, url, concurrency) {
  const child = fork(new URL('./bullmq-worker.mjs', import.meta.url), [side, url, String(concurrency)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`bullmq worker process (${side}) exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  const ask = (message) => {
    const answer = next();
    child.send(message);
    return answer;
  };
  await next(); // { ready }
  return {
    start: (queueName) => ask({ start: queueName }),
    stop: () => ask('stop'),
    cpu: async () => (await ask('cpu')).cpu,
    async exit() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send('exit');
      await exited;
    },
  };
}

/**
 * Raw BullMQ: `addBulk` of all N jobs, whose data is padded to the size of the workflow
 * jobs' data; a Worker returning null; the results back to the producer the cheapest way
 * BullMQ offers (the worker publishes them, batched per tick, as custom events with a
 * QueueEventsProducer; the producer reads them with a QueueEvents, as our host does),
 * rather than a QueueEvents on the queue's own stream (four events per job to read).
 * Done when the producer has all N results. `child`: the Worker (and its QueueEventsProducer)
 * in that worker process instead (the same code, bullmq-worker.mjs).
 */
export async function raw(url, queueName, n, concurrency, dataBytes = 0, { child } = {}) {
  const connection = { url, maxRetriesPerRequest: null };
  const queue = new Queue(queueName, { connection });
  const resultsName = `${queueName}.results`;
  const results = new QueueEvents(resultsName, { connection });
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
  let worker;
  let producer;
  if (child) {
    await Promise.all([child.start(queueName), results.waitUntilReady()]);
  } else {
    producer = new QueueEventsProducer(resultsName, { connection });
    let pending = [];
    const flush = () => {
      const batch = pending;
      pending = [];
      producer.publishEvent({ eventName: 'results', batch: JSON.stringify(batch) }, 10_000).catch(() => {});
    };
    worker = new Worker(queueName, async () => null, { connection, concurrency });
    worker.on('completed', (job, value) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push([job.data.i, value]);
    });
    await Promise.all([worker.waitUntilReady(), results.waitUntilReady(), producer.waitUntilReady()]);
  }
  const pad = 'x'.repeat(Math.max(0, dataBytes - JSON.stringify({ i: n, pad: '' }).length));
  globalThis.gc?.();
  const [cpu0, childCpu0] = await Promise.all([cpuNow(queue), child?.cpu()]);
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
  const [cpu, childCpu1] = await Promise.all([cpuSince(queue, cpu0), child?.cpu()]);
  if (child) {
    cpu.worker = childCpu1 - childCpu0;
    await child.stop();
    await results.close();
  } else {
    await worker.close();
    await Promise.all([results.close(), producer.close()]);
  }
  for (const q of [queue, new Queue(resultsName, { connection })]) {
    await q.obliterate({ force: true });
    await q.close();
  }
  return { ms, cpu };
}

/**
 * Ours: `host.run` of the map workflow on the bullmq executor with a `createWorkflowWorker`
 * in this process, or (`child`) in that worker process (bullmq-worker.mjs, the same options).
 * Also answers the size of a job's data (for the raw jobs' padding).
 */
export async function ours(url, work, queueName, n, concurrency, { child } = {}) {
  const host = await createWorkflowHost({
    cwd: work,
    dataDir: work,
    store: ':memory:',
    plugins: { cache: false, sources: { dependencies: false } },
  });
  if (child) await child.start(queueName);
  const worker = child
    ? undefined
    : await createWorkflowWorker({
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
  const [cpu0, childCpu0] = await Promise.all([cpuNow(queue), child?.cpu()]);
  const t = performance.now();
  const out = await host.run(wf, { input: { n }, executorInstance: executor });
  const ms = performance.now() - t;
  const [cpu, childCpu1] = await Promise.all([cpuSince(queue, cpu0), child?.cpu()]);
  if (child) cpu.worker = childCpu1 - childCpu0;
  if (out.state !== 'done' || out.output.length !== n)
    throw new Error(`bullmq run ${out.state}: ${out.error?.message}`);
  await executor.close();
  await (child ? child.stop() : worker.close());
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
 * shared machine moves more between pairs than anything measured here. `separate`: the
 * worker in a child process of its own on both sides (one process a side for the whole row;
 * each run's worker started in it before the timed window and closed after it).
 */
export async function bullmqRows(
  url,
  work,
  { n = 2000, concurrency = 50, samples = 7, separate = false } = {},
) {
  const tag = separate ? 'proc-' : '';
  // The worker processes, one a side, started before and ended after all the row's runs.
  const [rawChild, oursChild] = separate
    ? await Promise.all([workerProcess('raw', url, concurrency), workerProcess('ours', url, concurrency)])
    : [];
  const r = [];
  const o = [];
  let dataBytes;
  try {
    // A warm-up pair, not counted: it also tells the size of our jobs' data.
    ({ dataBytes } = await ours(url, work, `ours-${tag}warm`, n, concurrency, { child: oursChild }));
    await raw(url, `raw-${tag}warm`, n, concurrency, dataBytes, { child: rawChild });
    for (let i = 0; i < samples; i++) {
      r.push(await raw(url, `raw-${tag}${i}`, n, concurrency, dataBytes, { child: rawChild }));
      o.push(await ours(url, work, `ours-${tag}${i}`, n, concurrency, { child: oursChild }));
    }
  } finally {
    await Promise.all([rawChild?.exit(), oursChild?.exit()]);
  }
  const ratios = r.map((x, i) => x.ms / (o[i]?.ms ?? Number.NaN));
  // CPU per job in the timed window: this process (producer/host, and the worker unless
  // `separate`), the worker process (`separate`; else 0), and redis-server.
  const perJob = (runs, side) => median(runs.map((x) => (x.cpu[side] ?? 0) / n));
  return {
    n,
    concurrency,
    samples,
    separate,
    dataBytes,
    rawMs: median(r.map((x) => x.ms)),
    oursMs: median(o.map((x) => x.ms)),
    ratio: median(ratios),
    ratios,
    cpu: {
      raw: { own: perJob(r, 'own'), worker: perJob(r, 'worker'), redis: perJob(r, 'redis') },
      ours: { own: perJob(o, 'own'), worker: perJob(o, 'worker'), redis: perJob(o, 'redis') },
    },
  };
}
