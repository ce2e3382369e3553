import { readFileSync } from 'node:fs';
import type { HelpHost } from '@plugboard/cli';

const read = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

/**
 * What help needs to know about `plugboard`, as plain data shared with bin/plugboard.cjs,
 * which answers `--help` from it and the command index without loading the CLI.
 */
export const PLUGBOARD: HelpHost & { plugins: Array<{ name: string; description: string }> } = {
  ...read('../host.json'),
  version: read('../package.json').version,
};

/** Help line of one built-in group (their commands live in cli.ts). */
export function toolDescription(name: 'list' | 'doctor' | 'index' | 'new'): string {
  return PLUGBOARD.plugins.find((p) => p.name === name)?.description ?? '';
}

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
