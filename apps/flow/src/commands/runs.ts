import { defineCliPlugin } from '@plugboard/cli';
import type { RunRecord } from '@plugboard/workflow';
import { readExecutor, type StoreFlags, withHost } from '../open.js';
import { progressPrinter } from '../progress.js';
import { summarize } from './run.js';

const storeOption = ['--store <location>', 'run store: a file or postgres:// URL'] as const;

function row(r: RunRecord) {
  const ms = r.finishedAt ? r.finishedAt - r.createdAt : Date.now() - r.createdAt;
  return {
    id: r.id,
    workflow: r.workflow,
    state: r.state,
    executor: r.executor.target,
    started: new Date(r.createdAt).toISOString(),
    ms,
  };
}

export const runsCommand = defineCliPlugin({
  name: 'runs',
  description: 'list, show, cancel and resume recorded runs',
  defaults: {},
  commands(group, ctx) {
    group
      .command('list')
      .description('recent runs (runs whose process died are marked interrupted)')
      .option('--limit <n>', 'how many', '20')
      .option(...storeOption)
      .action((flags: StoreFlags & { limit: string }) =>
        withHost(ctx, flags, async (host) => {
          await host.store.markInterrupted();
          const rows = (await host.store.listRuns(Number(flags.limit))).map(row);
          ctx.output(
            rows,
            rows.length
              ? rows
                  .map((r) => `${r.id}  ${r.state.padEnd(11)} ${r.workflow}  (${r.executor}, ${r.ms} ms)`)
                  .join('\n')
              : 'no runs yet',
          );
        }),
      );
    group
      .command('show')
      .description('one run with its stages: state, attempts, timings, versions, results, errors')
      .argument('<run>', 'run id')
      .option(...storeOption)
      .action((id: string, flags: StoreFlags) =>
        withHost(ctx, flags, async (host) => {
          await host.store.markInterrupted();
          const run = await host.store.getRun(id);
          if (!run) return ctx.fail(`flow: there is no run "${id}"; \`flow runs list\` shows the runs.`);
          const stages = await host.store.stageRecords(id);
          const data = {
            ...row(run),
            file: run.file,
            input: run.input,
            output: run.output,
            error: run.error,
            stages,
          };
          const lines = stages.map(
            (s) =>
              `  ${s.state === 'done' ? '✓' : '✗'} ${s.stage}${s.index >= 0 ? `[${s.index}]` : ''}  ${s.finishedAt - s.startedAt} ms  attempts ${s.attempts}  v${s.version}${s.error ? `  ${s.error.message}` : ''}`,
          );
          ctx.output(
            data,
            [
              `${run.id}  ${run.state}  ${run.workflow}  (${run.file})`,
              ...lines,
              ...(run.error ? [`error: ${run.error.message}`] : []),
            ].join('\n'),
          );
        }),
      );
    group
      .command('cancel')
      .description('cancel a running run (its process aborts the running stages)')
      .argument('<run>', 'run id')
      .option(...storeOption)
      .action((id: string, flags: StoreFlags) =>
        withHost(ctx, flags, async (host) => {
          await host.cancel(id);
          ctx.output({ id, cancelRequested: true }, `asked run ${id} to cancel`);
        }),
      );
    group
      .command('resume')
      .description('finish an interrupted, failed or cancelled run without redoing its finished stages')
      .argument('<run>', 'run id')
      .option('--executor <target|json>', 'run the rest on another executor')
      .option(...storeOption)
      .action((id: string, flags: StoreFlags & { executor?: string }) =>
        withHost(ctx, flags, async (host) => {
          const run = await host.store.getRun(id);
          const printer =
            run && !ctx.flags.json
              ? progressPrinter(
                  ctx.stdout,
                  run.definition.stages.map((s) => s.name),
                )
              : undefined;
          const executor = readExecutor(flags.executor);
          const out = await host
            .resume(id, {
              ...(executor ? { executor } : {}),
              ...(printer ? { onEvent: printer.onEvent } : {}),
            })
            .catch((error: unknown) => {
              printer?.end(); // no redraw after the error
              throw error;
            });
          printer?.end(out.state);
          const data = summarize(out);
          ctx.output(
            data,
            `run ${out.runId} ${out.state}${out.state === 'done' ? `: ${JSON.stringify(out.output)}` : ''}`,
          );
          if (out.state !== 'done') ctx.fail(out.error?.message ?? `run ${out.runId} ${out.state}`);
        }),
      );
  },
});
