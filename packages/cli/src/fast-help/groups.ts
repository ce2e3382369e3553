import { type LightProblem, type LightView, mergeProvided } from '@plugboard/core/light';
import type { CliGroupMeta, CliOrigin, HelpHost } from '../types.js';

/** Built-in command groups, in help order; plugins may not take these names (nor `help`). */
export const BUILTIN_GROUPS: ReadonlyArray<[string, string]> = [
  ['config', 'view, edit or reset the configuration'],
  ['plugins', 'list, install, link, unlink, update and remove plugins'],
];

/**
 * The cli host's entry-name rule: what a shell user types without quoting, and
 * not a built-in group. One rule for discovery (core's kit), defineCliPlugin and CLI names.
 */
export const GROUP_NAME = /^(?!(?:config|plugins|help)$)[a-z][a-z0-9-]*$/;
export const GROUP_NAME_HINT =
  'lower-case letters, digits and "-", starting with a letter, and not "config", "plugins" or "help", which every @plugboard/cli host has built in';

/** The words for where a group came from, the same in warnings, help and `plugins list`. */
export function originOf(source: string): CliOrigin {
  if (source === 'path') return 'linked';
  if (source === 'user') return 'user';
  return 'bundled';
}

/** One command group as help and routing see it, before anything is imported. */
export interface GroupInfo {
  name: string;
  description: string;
  /** Discovery source (`path`, `user`, `dependencies`, `scan`) or `provided` for the host's own objects. */
  source: string;
  package: { name: string; version: string; dir?: string };
  meta?: CliGroupMeta | undefined;
}

/** Description shown for a group: its static metadata, else a line naming its package. */
export function describeGroup(
  meta: CliGroupMeta | undefined,
  pkg: { name: string; manifest?: Record<string, unknown> },
): string {
  const fromManifest = pkg.manifest?.description;
  return meta?.description ?? (typeof fromManifest === 'string' ? fromManifest : `commands from ${pkg.name}`);
}

/**
 * The host's groups from its stored discovery view plus its own plugin objects,
 * merged by core's one precedence rule (objects lose to installed packages).
 */
export function groupsOfView(
  host: HelpHost,
  view: Pick<LightView, 'plugins' | 'problems'>,
): { groups: GroupInfo[]; problems: LightProblem[] } {
  const problems = [...view.problems];
  const discovered: GroupInfo[] = view.plugins.map((p) => ({
    name: p.name,
    description: describeGroup(p.meta as CliGroupMeta | undefined, p.package),
    source: p.source,
    package: p.package,
    meta: p.meta as CliGroupMeta | undefined,
  }));
  const bundled: GroupInfo[] = (host.plugins ?? []).map((p) => ({
    name: p.name,
    description: p.description ?? '',
    source: 'provided',
    package: { name: host.name, version: host.version },
  }));
  return { groups: mergeProvided('cli', discovered, bundled, problems), problems };
}

/** What help shows of one group; `commands` only when the group's help comes from static metadata. */
export interface HelpGroup {
  name: string;
  description: string;
  package: string;
  commands?: NonNullable<CliGroupMeta['commands']>;
}

/** Groups as help shows them: plugin packages with `plugboard.cli.<group>.commands` get help without an import. */
export function helpGroups(groups: Iterable<GroupInfo>): HelpGroup[] {
  return [...groups].map((g) => ({
    name: g.name,
    description: g.description,
    package: g.package.name,
    ...(g.source !== 'provided' && g.meta?.commands ? { commands: g.meta.commands } : {}),
  }));
}
