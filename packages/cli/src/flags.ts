import type { SharedFlags } from './types.js';

/** Shared modifier -> SharedFlags key. */
const SHARED: Record<string, keyof SharedFlags> = {
  '--verbose': 'verbose',
  '--dry-run': 'dryRun',
  '--yes': 'yes',
  '--non-interactive': 'nonInteractive',
  '--json': 'json',
};

/** Help lines for the shared modifiers (they are parsed here, shown by commander's help). */
export const SHARED_FLAG_HELP: ReadonlyArray<[string, string]> = [
  ['--verbose', 'print debug output on stderr'],
  ['--dry-run', 'show what would change without changing anything'],
  ['--yes', 'answer yes to every confirmation'],
  ['--non-interactive', 'never prompt (prompts take their default or fail)'],
  ['--json', 'machine-readable output on stdout'],
];

export function emptyFlags(): SharedFlags {
  return { verbose: false, dryRun: false, yes: false, nonInteractive: false, json: false };
}

/**
 * Take the shared modifiers out of `argv` wherever they appear (before `--`),
 * so they work on every command and are known before any plugin loads.
 */
export function splitSharedFlags(argv: readonly string[]): { flags: SharedFlags; rest: string[] } {
  const flags = emptyFlags();
  const rest: string[] = [];
  let passthrough = false;
  for (const arg of argv) {
    const key = passthrough ? undefined : SHARED[arg];
    if (key) flags[key] = true;
    else rest.push(arg);
    if (arg === '--') passthrough = true;
  }
  return { flags, rest };
}
