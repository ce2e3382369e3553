import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, type Writable } from 'node:stream';

/**
 * What the harness hands the factory: the I/O and folders of one in-process run.
 * Its fields are `createCli()` options of the same name, so `(io) => createCli({ ...opts, ...io })` fits.
 */
export interface CliHarnessIo {
  configDir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  interactive: boolean;
}

/** Anything with `run(argv)` resolving to an exit code: a `createCli()` result, or an app's factory result. */
export interface CliRunnable {
  run(argv: readonly string[]): Promise<number>;
}

export interface CliRunResult {
  /** The exit code `run()` resolved to. */
  code: number;
  /** Everything written to stdout. */
  out: string;
  /** Everything written to stderr. */
  err: string;
  /** The last `{"error": …}` line on stderr (what `--json` writes on failure), parsed. */
  error?: { code: string; message: string; details?: Record<string, string> };
  /** stdout parsed as JSON (for `--json` runs). */
  json<T = unknown>(): T;
}

export interface CliHarnessOptions {
  /** Environment of every run (default `{}`: nothing leaks in from the test process). */
  env?: NodeJS.ProcessEnv;
  /** Whether a user is at the terminal (default false). */
  interactive?: boolean;
}

/** Per-run changes: any factory option (e.g. `env`, `interactive`), plus `input` as stdin. */
export type CliRunOptions<X> = Partial<CliHarnessIo> & Partial<X> & { input?: string };

export interface CliHarness<X = Record<never, never>> {
  /** Temp folder holding `config/` and `data/`; removed by `cleanup()`. */
  readonly home: string;
  readonly configDir: string;
  readonly dataDir: string;
  /** `<configDir>/config.yaml`, where a @plugboard/cli host keeps its user config. */
  readonly configFile: string;
  /** `<dataDir>/plugins`, the user plugin directory. */
  readonly pluginsDir: string;
  /** Run one command line in-process with captured output, like Fastify's `inject`. */
  run(argv: readonly string[], options?: CliRunOptions<X>): Promise<CliRunResult>;
  cleanup(): void;
  [Symbol.dispose](): void;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (d: Buffer | string) => chunks.push(Buffer.from(d)));
  return () => Buffer.concat(chunks).toString('utf8');
}

/**
 * A CLI host run in-process: config and data folders in a fresh temp folder,
 * stdout/stderr captured, an empty environment and no terminal unless given.
 * `create` builds the CLI for each run from the harness's I/O (and any per-run options).
 */
export function createCliHarness<X extends object = Record<never, never>>(
  create: (io: CliHarnessIo & Partial<X>) => CliRunnable,
  options: CliHarnessOptions = {},
): CliHarness<X> {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'plugboard-cli-')));
  const configDir = join(home, 'config');
  const dataDir = join(home, 'data');
  const cleanup = () => rmSync(home, { recursive: true, force: true });
  return {
    home,
    configDir,
    dataDir,
    configFile: join(configDir, 'config.yaml'),
    pluginsDir: join(dataDir, 'plugins'),
    async run(argv, runOptions = {}) {
      const { input, ...extra } = runOptions;
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const out = collect(stdout);
      const err = collect(stderr);
      const io = {
        configDir,
        dataDir,
        env: options.env ?? {},
        interactive: options.interactive ?? false,
        stdout,
        stderr,
        stdin: Readable.from(input === undefined ? [] : [input]),
        ...extra,
      } as CliHarnessIo & Partial<X>;
      const code = await create(io).run(argv);
      // let the streams deliver what was written before reading it
      await new Promise<void>((resolve) => setImmediate(resolve));
      const text = { out: out(), err: err() };
      const line = text.err
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"error"'));
      return {
        code,
        ...text,
        ...(line ? { error: JSON.parse(line).error } : {}),
        json: <T>() => JSON.parse(text.out) as T,
      };
    },
    cleanup,
    [Symbol.dispose]: cleanup,
  };
}
