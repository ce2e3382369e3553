import { defineCliPlugin } from '@plugboard/cli';
import { createWorkflowWorker, TargetResolver } from '@plugboard/workflow';
import { fail, openHost } from '../open.js';

interface WorkerFlags {
  connection?: string;
  queue?: string;
  prefix?: string;
  concurrency?: string;
  lockDuration?: string;
  stalledInterval?: string;
}

export const workerCommand = defineCliPlugin({
  name: 'worker',
  description: 'run stage jobs from BullMQ',
  defaults: {},
  commands(group, ctx) {
    group
      .option('--connection <url>', 'Redis URL', process.env.FLOW_REDIS_URL ?? 'redis://127.0.0.1:6379')
      .option('--queue <name>', 'BullMQ queue', 'plugboard-workflow')
      .option('--prefix <prefix>', 'Redis key prefix', 'pb')
      .option('--concurrency <n>', 'jobs at once', '8')
      .option(
        '--lock-duration <ms>',
        'a job whose worker stops renewing its lock this long moves to another worker',
        '30000',
      )
      .option('--stalled-interval <ms>', 'how often stalled jobs are looked for', '30000')
      .action(async (flags: WorkerFlags) => {
        // Stages resolve through this machine's plugins, discovered by the same host kit as `flow run`.
        const host = await openHost(ctx).catch((error: unknown) => fail(ctx, error));
        const resolver = new TargetResolver({ plugins: host.plugins });
        await host.close();
        const worker = await createWorkflowWorker({
          connection: flags.connection,
          queue: flags.queue,
          prefix: flags.prefix,
          resolver,
          concurrency: Number(flags.concurrency),
          lockDurationMs: Number(flags.lockDuration),
          stalledIntervalMs: Number(flags.stalledInterval),
          onEvent: (e) => {
            if (e.type === 'failed') ctx.warn(`job ${e.jobId} (${e.stage}) failed: ${e.error}`);
            else ctx.debug(`job ${e.jobId} (${e.stage}) ${e.type}`);
          },
        }).catch((error: unknown) => fail(ctx, error));
        ctx.print(
          `flow worker ${process.pid} on ${flags.queue} (concurrency ${flags.concurrency}); Ctrl-C stops it`,
        );
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void worker.close().then(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      });
  },
});
