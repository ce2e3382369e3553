import type { CliGlobalOption, SharedFlags } from '../types.js';

const SHARED: Record<string, keyof SharedFlags> = {
  '--verbose': 'verbose',
  '--dry-run': 'dryRun',
  '--yes': 'yes',
  '--non-interactive': 'nonInteractive',
  '--json': 'json',
};

/** Help lines for the shared modifiers. */
export const SHARED_FLAG_HELP: ReadonlyArray<[string, string]> = [
  ['--verbose', 'print debug output on stderr'],
  ['--dry-run', 'show what would change without changing anything'],
  ['--yes', 'answer yes to every confirmation'],
  ['--non-interactive', 'never prompt (prompts take their default or fail)'],
  ['--json', 'machine-readable output on stdout'],
];

/**
 * Take the shared modifiers out of `argv` wherever they appear (before `--`),
 * so they work on every command and are known before any plugin loads.
 */
export function splitSharedFlags(argv: readonly string[]): { flags: SharedFlags; rest: string[] } {
  const flags: SharedFlags = {
    verbose: false,
    dryRun: false,
    yes: false,
    nonInteractive: false,
    json: false,
  };
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

/**
 * argv without the host's own global options (`--cwd <dir>`, `--cwd=<dir>`), which
 * do not change help; undefined when one lacks its value (the full CLI reports it).
 */
export function withoutGlobalOptions(
  argv: readonly string[],
  options: ReadonlyArray<CliGlobalOption>,
): readonly string[] | undefined {
  if (options.length === 0) return argv;
  const takes = new Map(options.map((o) => [o.flags.split(/[ ,]/)[0]!, /[<[]/.test(o.flags)]));
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...rest, ...argv.slice(i)];
    const name = arg.split('=')[0]!;
    if (!takes.has(name)) rest.push(arg);
    else if (takes.get(name) && !arg.includes('=')) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
    }
  }
  return rest;
}

/** A command line that asks only for help: the root's (`group` undefined) or one group's. */
export interface HelpRequest {
  group?: string;
  /** `<group>` without a command: help on stderr, usage exit code. */
  usage?: boolean;
}

/** `[]`, `--help`, `-h`, `help`, `help <group>`, `<group> --help|-h`, `<group>`; anything else is not help-only. */
export function helpRequest(rest: readonly string[]): HelpRequest | undefined {
  const isHelp = (a: string | undefined) => a === '--help' || a === '-h';
  const word = (a: string | undefined): a is string => a !== undefined && !a.startsWith('-');
  const [a, b] = rest;
  if (rest.length === 0) return {};
  if (rest.length === 1) {
    if (isHelp(a) || a === 'help') return {};
    return word(a) ? { group: a, usage: true } : undefined;
  }
  if (rest.length !== 2) return undefined;
  if (a === 'help' && word(b)) return { group: b };
  return word(a) && isHelp(b) ? { group: a } : undefined;
}
