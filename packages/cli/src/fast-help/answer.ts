import { readHostView } from '@plugboard/core/light';
import type { HelpHost, SharedFlags } from '../types.js';
import { cachedAnswer, type HelpAnswer, keepAnswer, renderer } from './cache.js';
import { type HelpRequest, helpRequest, splitSharedFlags, withoutGlobalOptions } from './flags.js';
import { groupsOfView, type HelpGroup, helpGroups } from './groups.js';
import { helpWidth, type Sink, write } from './io.js';
import { renderGroupHelp, renderRootHelp } from './render.js';
import { discoveryScope } from './scope.js';

// Exit codes and the usage code live in errors.ts; repeated here to keep this folder import-free.
const OK = 0;
const USAGE = 2;

/**
 * The help a help-only command line asks for, as text for each stream and an exit
 * code; undefined when this group's help needs its plugin (built-in groups, plugin
 * objects, no static `commands`). `widths` are the columns of stdout and stderr.
 */
export function renderAnswer(
  host: HelpHost,
  request: HelpRequest,
  groups: readonly HelpGroup[],
  flags: SharedFlags,
  widths: { out: number; err: number },
): HelpAnswer | undefined {
  if (request.group === undefined)
    return { out: renderRootHelp(host, groups, widths.out), err: '', code: OK };
  const group = groups.find((g) => g.name === request.group);
  if (!group?.commands) return undefined;
  if (!request.usage) return { out: renderGroupHelp(host, group, widths.out), err: '', code: OK };
  let err = renderGroupHelp(host, group, widths.err);
  if (flags.json) {
    const message = `${host.name}: "${group.name}" needs a command, e.g. \`${host.name} ${group.name} <command>\`.`;
    err += `${JSON.stringify({ error: { code: 'PB_CLI_USAGE', message } })}\n`;
  }
  return { out: '', err, code: USAGE };
}

function print(answer: HelpAnswer, streams: { stdout: Sink; stderr: Sink }): number {
  if (answer.err) write(streams.stderr, answer.err);
  if (answer.out) write(streams.stdout, answer.out);
  return answer.code;
}

/** Print what `renderAnswer` gives for these streams; undefined (nothing written) when it gives nothing. */
export function answerHelp(
  host: HelpHost,
  request: HelpRequest,
  groups: readonly HelpGroup[],
  flags: SharedFlags,
  streams: { stdout: Sink; stderr: Sink },
): number | undefined {
  const widths = { out: helpWidth(streams.stdout), err: helpWidth(streams.stderr) };
  const answer = renderAnswer(host, request, groups, flags, widths);
  return answer && print(answer, streams);
}

/**
 * Everything a help answer depends on besides the index entry: the host's static
 * data, the request, the widths, the scope and this renderer.
 */
function answerKey(
  host: HelpHost,
  request: HelpRequest,
  flags: SharedFlags,
  widths: { out: number; err: number },
  scope: { key: string; view: string },
): string {
  const { name, version, description, root, plugins, globalOptions } = host;
  const own = plugins?.map((p) => [p.name, p.description]);
  return JSON.stringify([
    [name, version, description, root, own, globalOptions],
    [request.group, request.usage, flags.json],
    [widths.out, widths.err],
    [scope.key, scope.view, renderer()],
  ]);
}

/**
 * Answer a help-only command line from the host's view in core's discovery index
 * (fresh, well formed), loading nothing but this folder and core's light module.
 * The answer is kept beside the index and printed again while that index entry
 * holds. Undefined (nothing written) when the full CLI is needed.
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
    if (!scope.index) return undefined;
    const streams: { stdout: Sink; stderr: Sink } = { stdout: host.stdout ?? 1, stderr: host.stderr ?? 2 };
    const widths = { out: helpWidth(streams.stdout), err: helpWidth(streams.stderr) };
    const key = answerKey(host, request, flags, widths, scope);
    const kept = cachedAnswer(scope.index, key);
    if (kept) return print(kept, streams);
    const view = readHostView(scope.index, scope.key, scope.view);
    if (!view) return undefined;
    const { groups, problems } = groupsOfView(host, view);
    const answer = renderAnswer(host, request, helpGroups(groups), flags, widths);
    if (!answer) return undefined;
    answer.err = problems.map((p) => `warning: ${p.message}\n`).join('') + answer.err;
    keepAnswer(scope.index, key, view.fingerprint, answer);
    return print(answer, streams);
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
