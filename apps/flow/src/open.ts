import { delimiter, join } from 'node:path';
import type { CliContext } from '@plugboard/cli';
import { createWorkflowHost, isWorkflowError, type WorkflowHost } from '@plugboard/workflow';
import { APP_ROOT } from './cli.js';

/** Options every command that touches runs accepts. */
export interface StoreFlags {
  store?: string;
}

/**
 * The workflow host behind a command: plugins from the app's dependencies, what
 * `flow plugins install|link` put in place (`ctx.pluginSources`) and `FLOW_PLUGIN_PATHS`;
 * run records in `--store`, `$FLOW_STORE`, or the data folder.
 */
export function openHost(ctx: CliContext, flags: StoreFlags = {}): Promise<WorkflowHost> {
  const dataDir = ctx.paths.dataDir;
  const extra = (process.env.FLOW_PLUGIN_PATHS ?? '').split(delimiter).filter(Boolean);
  const { paths, userDir } = ctx.pluginSources;
  return createWorkflowHost({
    cwd: APP_ROOT,
    dataDir,
    store: flags.store ?? process.env.FLOW_STORE ?? join(dataDir, 'runs.db'),
    plugins: {
      sources: { dependencies: true, userDir, paths: [...paths, ...extra] },
      cache: join(dataDir, 'cache', 'workflow-index.json'),
    },
  });
}

/** Run `body` with a host and close it after; workflow errors become a coded failure (and JSON with --json). */
export async function withHost<T>(
  ctx: CliContext,
  flags: StoreFlags,
  body: (host: WorkflowHost) => Promise<T>,
): Promise<T> {
  const host = await openHost(ctx, flags).catch((error: unknown) => fail(ctx, error));
  try {
    return await body(host);
  } catch (error) {
    return fail(ctx, error);
  } finally {
    await host.close();
  }
}

/** Stop the command on an error: its code and message, as JSON on stdout too with --json. */
export function fail(ctx: CliContext, error: unknown): never {
  if (isWorkflowError(error)) {
    if (ctx.flags.json) {
      ctx.output({
        error: {
          code: error.code,
          message: error.message,
          file: error.file,
          stage: error.stage,
          line: error.line,
          column: error.column,
        },
      });
    }
    ctx.fail(`${error.message} [${error.code}]`);
  }
  throw error;
}

/** `--input`: a JSON text, or a JSON/YAML file. */
export async function readInput(value: string | undefined): Promise<unknown> {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (
    text.startsWith('{') ||
    text.startsWith('[') ||
    text.startsWith('"') ||
    /^-?\d/.test(text) ||
    text === 'null' ||
    text === 'true' ||
    text === 'false'
  ) {
    return JSON.parse(text);
  }
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  return parse(await readFile(value, 'utf8'));
}

/** `--executor`: a target name (`threads`) or a JSON object (`{"target":"bullmq","connection":"redis://…"}`). */
export function readExecutor(
  value: string | undefined,
): { target: string; [key: string]: unknown } | undefined {
  if (value === undefined) return undefined;
  if (value.trim().startsWith('{')) return JSON.parse(value) as { target: string };
  return { target: value };
}
