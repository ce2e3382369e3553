// Local executor rows: 10,000 no-op stages wide and a 1,000-deep chain, against the
// bare Promise.all / sequential-await floor of the same stage function.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createLocalExecutor,
  executeWorkflow,
  loadWorkflowData,
  memoryObjectStore,
  TargetResolver,
} from '@plugboard/workflow';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function localRows(work, { wide = 10_000, deep = 1_000, samples = 7 } = {}) {
  const stages = join(work, 'noop.mjs');
  const { noop } = await import(pathToFileURL(stages).href);
  const resolver = new TargetResolver();
  const setup = {
    dataDir: work,
    load: async () => noop,
    objects: () => memoryObjectStore(),
    executor: async () => undefined,
  };
  const shapes = {
    wide: Array.from({ length: wide }, (_, i) => ({ name: `s${i}`, target: './noop.mjs#noop' })),
    chain: Array.from({ length: deep }, (_, i) => ({
      name: `s${i}`,
      target: './noop.mjs#noop',
      ...(i ? { depends_on: [`s${i - 1}`] } : {}),
    })),
  };
  const rows = [];
  for (const [shape, defs] of Object.entries(shapes)) {
    const wf = loadWorkflowData({ name: shape, stages: defs }, join(work, `${shape}.yaml`));
    const ref = (await resolver.resolve('./noop.mjs#noop', work)).ref;
    const targets = new Map(defs.map((d) => [d.name, ref]));
    const executor = createLocalExecutor({ concurrency: defs.length }, setup);
    const ctx = {
      runId: 'r',
      stage: 's',
      index: undefined,
      attempt: 1,
      workflowInput: {},
      log: {},
      signal: new AbortController().signal,
      progress() {},
      objects: undefined,
    };
    const floor = async () => {
      if (shape === 'wide') await Promise.all(defs.map(async () => noop(undefined, ctx)));
      else for (let i = 0; i < defs.length; i++) await noop(undefined, ctx);
    };
    const host = () =>
      executeWorkflow({ runId: 'r', definition: wf.definition, baseDir: work, targets, input: {}, executor });
    const time = async (fn) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++) {
      await floor();
      await host();
    }
    const f = [];
    const h = [];
    for (let i = 0; i < samples; i++) {
      globalThis.gc?.();
      f.push(await time(floor));
      globalThis.gc?.();
      h.push(await time(host));
    }
    rows.push({ shape, stages: defs.length, floorMs: median(f), hostMs: median(h) });
  }
  return rows;
}
