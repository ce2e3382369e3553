import { defineCliPlugin } from '@plugboard/cli';
import { addTrigger, createTriggerScheduler, removeTrigger } from '@plugboard/workflow';
import { readExecutor, readInput, type StoreFlags, withHost } from '../open.js';

const storeOption = ['--store <location>', 'run store: a file or postgres:// URL'] as const;

export const triggersCommand = defineCliPlugin({
  name: 'triggers',
  description: 'cron schedules and event rules that start workflows',
  defaults: {},
  commands(group, ctx) {
    group
      .command('list')
      .description('stored triggers')
      .option(...storeOption)
      .action((flags: StoreFlags) =>
        withHost(ctx, flags, async (host) => {
          const all = await host.store.triggers.list();
          ctx.output(
            all,
            all.length
              ? all
                  .map(
                    (t) =>
                      `${t.id}  ${t.kind.padEnd(5)} ${typeof t.spec === 'string' ? t.spec : JSON.stringify(t.spec)}  ${t.workflow}`,
                  )
                  .join('\n')
              : 'no triggers',
          );
        }),
      );
    group
      .command('add')
      .description('add a trigger: --cron "<pattern>" or --event <name> [--where <json>]')
      .argument('<workflow>', 'workflow file')
      .option('--cron <pattern>', 'cron pattern (5 or 6 fields)')
      .option('--event <name>', 'event name, e.g. file.added')
      .option('--where <json>', 'conditions on the event payload, e.g. {"ext":".txt"}')
      .option('--input <json|file>', 'input the workflow starts with')
      .option('--executor <target|json>', 'executor for the runs it starts')
      .option(...storeOption)
      .action(
        (
          workflow: string,
          flags: StoreFlags & {
            cron?: string;
            event?: string;
            where?: string;
            input?: string;
            executor?: string;
          },
        ) =>
          withHost(ctx, flags, async (host) => {
            const when = flags.event
              ? {
                  event: flags.event,
                  where: flags.where ? (JSON.parse(flags.where) as Record<string, unknown>) : undefined,
                }
              : undefined;
            const t = await addTrigger(host.store, {
              workflow,
              cron: flags.cron,
              when,
              input: await readInput(flags.input),
              executor: readExecutor(flags.executor),
            });
            ctx.output(t, `added trigger ${t.id}`);
          }),
      );
    group
      .command('remove')
      .description('remove a trigger')
      .argument('<id>', 'trigger id')
      .option(...storeOption)
      .action((id: string, flags: StoreFlags) =>
        withHost(ctx, flags, async (host) => {
          await removeTrigger(host.store, id);
          ctx.output({ id, removed: true }, `removed trigger ${id}`);
        }),
      );
    group
      .command('emit')
      .description('send an event: runs the workflows whose rules match')
      .argument('<event>', 'event name')
      .argument('[payload]', 'event payload (JSON)')
      .option(...storeOption)
      .action((event: string, payload: string | undefined, flags: StoreFlags) =>
        withHost(ctx, flags, async (host) => {
          const runs: string[] = [];
          const scheduler = await createTriggerScheduler({
            store: host.store,
            start: async (t, input) =>
              runs.push(
                (await host.run(t.workflow, { input, ...(t.executor ? { executor: t.executor } : {}) }))
                  .runId,
              ),
            onError: (t, error) =>
              ctx.warn(`trigger ${t.id}: ${error instanceof Error ? error.message : String(error)}`),
          });
          const started = await scheduler.emit(event, payload ? JSON.parse(payload) : {});
          scheduler.stop();
          ctx.output(
            { event, started, runs },
            `${started} workflow(s) started${runs.length ? `: ${runs.join(', ')}` : ''}`,
          );
        }),
      );
    group
      .command('serve')
      .description('run the cron triggers until stopped (or for --for seconds)')
      .option('--for <seconds>', 'stop after this long')
      .option(...storeOption)
      .action((flags: StoreFlags & { for?: string }) =>
        withHost(ctx, flags, async (host) => {
          let count = 0;
          const scheduler = await createTriggerScheduler({
            store: host.store,
            start: async (t, input) => {
              const out = await host.run(t.workflow, {
                input,
                ...(t.executor ? { executor: t.executor } : {}),
              });
              count++;
              ctx.print(`trigger ${t.id}: run ${out.runId} ${out.state}`);
            },
            onError: (t, error) =>
              ctx.warn(`trigger ${t.id}: ${error instanceof Error ? error.message : String(error)}`),
          });
          await new Promise<void>((resolve) => {
            const stop = () => resolve();
            process.once('SIGINT', stop);
            if (flags.for) setTimeout(stop, Number(flags.for) * 1000);
          });
          scheduler.stop();
          ctx.output({ runs: count }, `${count} run(s) started`);
        }),
      );
  },
});
