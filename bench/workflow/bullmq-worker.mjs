// The worker process of the separate-process BullMQ row, started once per side of the row by
// bullmq.mjs with `fork(file, [side, url, concurrency])`. side "raw": a BullMQ Worker whose
// processor returns null and which publishes the results batched per tick as custom events
// (as the in-process raw side does); side "ours": `createWorkflowWorker`. IPC, one request
// at a time: sends { ready } once loaded; { start: queueName } starts a worker on that queue
// and answers { started } once it takes jobs; "stop" closes it and answers { stopped };
// "cpu" answers { cpu }, this process's CPU time so far (µs); "exit" exits.
import { createWorkflowWorker, TargetResolver } from '@plugboard/workflow';
import { QueueEventsProducer, Worker } from 'bullmq';

const [side, url, concurrencyArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);

async function rawWorker(queueName) {
  const connection = { url, maxRetriesPerRequest: null };
  const producer = new QueueEventsProducer(`${queueName}.results`, { connection });
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
  await Promise.all([worker.waitUntilReady(), producer.waitUntilReady()]);
  return {
    async close() {
      await worker.close();
      await producer.close();
    },
  };
}

// The same options as the in-process row's worker: a new resolver per run.
const oursWorker = (queueName) =>
  createWorkflowWorker({ connection: url, queue: queueName, resolver: new TargetResolver(), concurrency });

let worker;
process.on('message', async (message) => {
  if (message?.start) {
    worker = await (side === 'raw' ? rawWorker(message.start) : oursWorker(message.start));
    globalThis.gc?.(); // the set-up's garbage is not the run's
    process.send({ started: true });
  } else if (message === 'stop') {
    await worker?.close();
    worker = undefined;
    process.send({ stopped: true });
  } else if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ cpu: user + system });
  } else if (message === 'exit') {
    await worker?.close();
    process.exit(0);
  }
});
process.send({ ready: true });
