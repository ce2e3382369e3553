import { readHostView } from '@plugboard/core/light';
import type { HelpHost, SharedFlags } from '../types.js';
import { type HelpRequest, helpRequest, splitSharedFlags, withoutGlobalOptions } from './flags.js';
import { groupsOfView, type HelpGroup, helpGroups } from './groups.js';
import { helpWidth, type Sink, write } from './io.js';
import { renderGroupHelp, renderRootHelp } from './render.js';
import { discoveryScope } from './scope.js';

// Exit codes and the usage code live in errors.ts; repeated here to keep this folder import-free.
const OK = 0;
const USAGE = 2;

/**
 * Print the help a help-only command line asks for; undefined when this group's
 * help needs its plugin (built-in groups, plugin objects, no static `commands`).
 */
export function answerHelp(
  host: HelpHost,
  request: HelpRequest,
  groups: readonly HelpGroup[],
  flags: SharedFlags,
  streams: { stdout: Sink; stderr: Sink },
): number | undefined {
  if (request.group === undefined) {
    write(streams.stdout, renderRootHelp(host, groups, helpWidth(streams.stdout)));
    return OK;
  }
  const group = groups.find((g) => g.name === request.group);
  if (!group?.commands) return undefined;
  const stream = request.usage ? streams.stderr : streams.stdout;
  write(stream, renderGroupHelp(host, group, helpWidth(stream)));
  if (!request.usage) return OK;
  if (flags.json) {
    const message = `${host.name}: "${group.name}" needs a command, e.g. \`${host.name} ${group.name} <command>\`.`;
    write(streams.stderr, `${JSON.stringify({ error: { code: 'PB_CLI_USAGE', message } })}\n`);
  }
  return USAGE;
}

/**
 * Answer a help-only command line from the host's view in core's discovery index
 * (fresh, well formed), loading nothing but this folder and core's light module.
 * Undefined (nothing written) when the full CLI is needed.
 */
export function tryFastHelp(
  host: HelpHost,
  argv: readonly string[] = process.argv.slice(2),
): number | undefined {
  const own = withoutGlobalOptions(argv, host.globalOptions ?? []);
  if (!own) return undefined;
  const { flags, rest } = splitSharedFlags(own);
  const request = helpRequest(rest);
  if (!request || host.cache === false) return undefined;
  try {
    const scope = discoveryScope(host, host.env ?? process.env);
    const view = scope.index && readHostView(scope.index, scope.key, scope.view);
    if (!view) return undefined;
    const { groups, problems } = groupsOfView(host, view);
    const help = helpGroups(groups);
    if (request.group !== undefined && !help.find((g) => g.name === request.group)?.commands)
      return undefined;
    const stdout = host.stdout ?? 1;
    const stderr = host.stderr ?? 2;
    for (const problem of problems) write(stderr, `warning: ${problem.message}\n`);
    return answerHelp(host, request, help, flags, { stdout, stderr });
  } catch {
    return undefined; // anything odd: the full CLI decides
  }
}

/**
 * A bin's whole body: help from the index when that is all the command line asks
 * for, otherwise `load()` the CLI (a dynamic import) and run it. Sets
 * `process.exitCode` and resolves to it.
 */
export async function runBin(
  host: HelpHost,
  load: () =>
    | { run(argv: readonly string[]): Promise<number> }
    | Promise<{ run(argv: readonly string[]): Promise<number> }>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<number> {
  const code = tryFastHelp(host, argv) ?? (await (await load()).run(argv));
  process.exitCode = code;
  return code;
}
