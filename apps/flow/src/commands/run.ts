import { defineCliPlugin } from '@plugboard/cli';
import { type RunOutcome, WorkflowErrorCodes } from '@plugboard/workflow';
import { readExecutor, readInput, withHost } from '../open.js';
import { progressPrinter } from '../progress.js';

interface RunFlags {
  input?: string;
  executor?: string;
  runId?: string;
  concurrency?: string;
  store?: string;
}

/** What `flow run` and `flow runs resume` print: the outcome as data, or a summary line. */
export function summarize(out: RunOutcome) {
  return {
    runId: out.runId,
    state: out.state,
    output: out.output,
    ...(out.error
      ? {
          error: {
            // a stage's own exception has no code of ours: the stable one says "the stage threw"
            code:
              (out.error as { code?: string }).code ??
              (out.failedStage ? WorkflowErrorCodes.STAGE_FAILED : undefined),
            message: out.error.message,
            stage: out.failedStage,
          },
        }
      : {}),
  };
}

export const runCommand = defineCliPlugin({
  name: 'run',
  description: 'run a workflow file',
  defaults: {},
  commands(group, ctx) {
    group
      .argument('<workflow>', 'workflow file (YAML or JSON)')
      .option('--input <json|file>', 'run input: JSON text, or a JSON/YAML file')
      .option(
        '--executor <target|json>',
        'executor: local, threads, bullmq, a plugin, or {"target":…, options}',
      )
      .option('--run-id <id>', 'id for the run record (default generated)')
      .option('--concurrency <n>', 'stages in flight at once')
      .option(
        '--store <location>',
        'run store: a file or postgres:// URL (default $FLOW_STORE or the data folder)',
      )
      .action(async (file: string, flags: RunFlags) =>
        withHost(ctx, flags, async (host) => {
          const workflow = host.load(file);
          const input = await readInput(flags.input);
          const printer = ctx.flags.json
            ? undefined
            : progressPrinter(
                ctx.stdout,
                workflow.definition.stages.map((s) => s.name),
              );
          const control = new AbortController();
          const onSignal = () => control.abort();
          process.once('SIGINT', onSignal);
          try {
            const out = await host.run(workflow, {
              input,
              executor: readExecutor(flags.executor),
              ...(flags.runId ? { runId: flags.runId } : {}),
              ...(flags.concurrency ? { concurrency: Number(flags.concurrency) } : {}),
              onStart: (id) => ctx.debug(`run ${id} started`),
              signal: control.signal,
              ...(printer ? { onEvent: printer.onEvent } : {}),
            });
            printer?.end(out.state);
            const data = summarize(out);
            ctx.output(
              data,
              `run ${out.runId} ${out.state}${out.state === 'done' ? `: ${JSON.stringify(out.output)}` : ''}`,
            );
            if (out.state !== 'done')
              ctx.fail(
                `${out.failedStage && !(out.error as { code?: string } | undefined)?.code ? `stage "${out.failedStage}" failed: ` : ''}${out.error?.message ?? `run ${out.runId} ${out.state}`}${data.error?.code ? ` [${data.error.code}]` : ''}; \`flow runs show ${out.runId}\` has every stage's record.`,
              );
          } finally {
            printer?.end(); // if the run threw: no redraw after the error
            process.off('SIGINT', onSignal);
          }
        }),
      );
  },
});
