import type { Cli } from './types.js';

/**
 * For a bin script: run with `process.argv` and set `process.exitCode`
 * (no `process.exit`, so pending output is flushed).
 */
export async function runMain(cli: Cli, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const code = await cli.run(argv);
  process.exitCode = code;
  return code;
}
