// Threads row: a CPU-bound map stage on the threads executor (2 threads, pool warm)
// against the same work in one thread.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createWorkflowHost, loadWorkflowData } from '@plugboard/workflow';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function threadsRow(work, { items = 8, size = 40_000_000, samples = 3 } = {}) {
  const { spin } = await import(pathToFileURL(join(work, 'noop.mjs')).href);
  const host = await createWorkflowHost({
    cwd: work,
    dataDir: work,
    store: ':memory:',
    plugins: { cache: false, sources: { dependencies: false } },
  });
  const wf = loadWorkflowData(
    {
      name: 'spin',
      stages: [
        { name: 'items', target: './noop.mjs#sizes' },
        {
          name: 'spin',
          target: './noop.mjs#spin',
          type: 'parameterized',
          depends_on: ['items'],
          map_on: 'items',
        },
      ],
    },
    join(work, 'spin.yaml'),
  );
  const input = { items, size };
  const executor = await host.executor({ target: 'threads', threads: 2 });
  await host.run(wf, { input: { items: 2, size: 1000 }, executorInstance: executor }); // warm the pool
  const one = [];
  const two = [];
  // CPU time of the process (worker threads included) per wall second: how many cores each
  // variant actually got, which on a shared machine says more than the wall-clock ratio.
  const cores = { one: [], two: [] };
  let expected;
  for (let i = 0; i < samples; i++) {
    let t = performance.now();
    let c = process.cpuUsage();
    expected = Array.from({ length: items }, () => spin(size));
    one.push(performance.now() - t);
    c = process.cpuUsage(c);
    cores.one.push((c.user + c.system) / 1000 / one.at(-1));
    t = performance.now();
    c = process.cpuUsage();
    const out = await host.run(wf, { input, executorInstance: executor });
    two.push(performance.now() - t);
    c = process.cpuUsage(c);
    cores.two.push((c.user + c.system) / 1000 / two.at(-1));
    if (JSON.stringify(out.output) !== JSON.stringify(expected))
      throw new Error('threads result differs from the one-thread result');
  }
  await executor.close();
  await host.close();
  return {
    items,
    size,
    oneMs: median(one),
    threadsMs: median(two),
    oneCores: median(cores.one),
    threadsCores: median(cores.two),
  };
}
