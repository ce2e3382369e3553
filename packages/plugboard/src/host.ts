import { readFileSync } from 'node:fs';
import type { HelpHost } from '@plugboard/cli';

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Names and help lines of the built-in groups (their commands live in cli.ts). */
export const TOOL_GROUPS = {
  list: 'list the plugins the project discovers, with their compatibility',
  doctor: 'find every plugin problem and say what to do about it (exit 1 on errors)',
  index: 'build the discovery index ahead of time (hosts then start without scanning)',
  new: "scaffold a plugin package from a host adapter's template",
} as const;

export const CWD_OPTION = {
  flags: '--cwd <dir>',
  description: 'project directory (default: the current directory)',
};

/**
 * What help needs to know about `plugboard`, as plain data: the bin answers
 * `--help` from it and the command index without loading the CLI.
 */
export const PLUGBOARD = {
  name: 'plugboard',
  version: VERSION,
  description: 'Plugboard developer CLI: list, diagnose, index and scaffold plugins.',
  plugins: Object.entries(TOOL_GROUPS).map(([name, description]) => ({ name, description })),
  globalOptions: [CWD_OPTION],
} satisfies HelpHost;

/** Take `--cwd <dir>` / `--cwd=<dir>` out of argv (before `--`); it applies to every command. */
export function splitCwd(argv: readonly string[]): { cwd?: string; rest: string[]; missing?: boolean } {
  const rest: string[] = [];
  let cwd: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--cwd') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) return { rest, missing: true };
      cwd = value;
      i++;
    } else if (arg.startsWith('--cwd=')) {
      cwd = arg.slice('--cwd='.length);
    } else {
      rest.push(arg);
    }
  }
  return cwd === undefined ? { rest } : { cwd, rest };
}
