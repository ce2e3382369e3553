import { defineExecutor, type Executor } from '@plugboard/workflow';

export interface LoggingExecutorOptions extends Record<string, unknown> {
  /** Executor to hand the stages to. Default `local`. */
  delegate?: string;
  /** Also write each line to stderr. Default true. */
  print?: boolean;
  /** Options for the delegate (everything else is passed on too). */
  [option: string]: unknown;
}

/**
 * An executor that logs each stage's start, end and failure, then lets another
 * executor run it: proof that executors are plugins like stages.
 */
export const loggingExecutor = defineExecutor<LoggingExecutorOptions>(
  async (options, setup): Promise<Executor> => {
    const { delegate = 'local', print = true, ...rest } = options;
    const inner = await setup.executor(delegate, rest);
    const say = (line: string) => {
      if (print) process.stderr.write(`[logging] ${line}\n`);
    };
    return {
      name: `logging(${inner.name})`,
      concurrency: inner.concurrency,
      async run(task, io) {
        const label = `${task.stage}${task.index === undefined ? '' : `[${task.index}]`} (attempt ${task.attempt})`;
        const started = Date.now();
        io.onLog('info', `start ${label} on ${inner.name}`);
        say(`start ${label} on ${inner.name}`);
        try {
          const result = await inner.run(task, io);
          io.onLog('info', `done ${label} in ${Date.now() - started} ms`);
          say(`done ${label} in ${Date.now() - started} ms`);
          return result;
        } catch (error) {
          io.onLog('error', `failed ${label}: ${error instanceof Error ? error.message : String(error)}`);
          say(`failed ${label}: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
      close: () => inner.close(),
    };
  },
);
