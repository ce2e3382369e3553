import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  describeError,
  ErrorCodes,
  type HostPlugin,
  isPlugboardError,
  orderPlugins,
  type Problem,
  parseEntryPoint,
} from '@plugboard/core';
import { adapterName } from '../adapter.js';
import type { DiscoveryScope } from '../discovery.js';
import { PlugboardToolCodes } from '../errors.js';
import { type GroupView, inspectProject } from '../project/inspect.js';
import { checkManifests } from '../project/manifest-check.js';

/** One problem `plugboard doctor` found, with what to do about it. */
export interface Finding {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** The concrete next step. */
  fix: string;
  group?: string;
  package?: string;
  plugin?: string;
  path?: string;
}

export interface DoctorReport {
  /** True when no finding is an error (warnings alone keep the project healthy). */
  ok: boolean;
  plugins: number;
  errors: number;
  warnings: number;
  findings: Finding[];
}

export interface DoctorOptions extends DiscoveryScope {
  group?: string;
  /** Also import every entry point, catching plugins that throw on import (runs plugin code). */
  load?: boolean;
}

const FIXES: Record<string, (p: Problem) => string> = {
  [ErrorCodes.PACKAGE_JSON_INVALID]: (p) =>
    `Repair the JSON in ${p.path ?? 'the package.json'} or reinstall ${p.package ?? 'the package'}.`,
  [ErrorCodes.MANIFEST_INVALID]: (p) =>
    `Correct the "plugboard" field of ${p.package ?? 'the package'} (schema: @plugboard/core/schema.json), or upgrade it.`,
  [ErrorCodes.FS_UNREADABLE]: (p) => `Check the permissions of ${p.path ?? 'the path'}.`,
  [ErrorCodes.FS_LOOP]: (p) => `Remove the symlink loop at ${p.path ?? 'the path'}.`,
  [ErrorCodes.DUPLICATE]: (p) =>
    `Uninstall one of the two packages (e.g. npm uninstall ${p.package ?? '<package>'}) or rename the entry point.`,
  [ErrorCodes.ENTRY_MISSING]: (p) =>
    `Build the plugin (npm run build in ${p.path ?? 'its folder'}) or fix its plugboard.entryPoints.`,
  [ErrorCodes.EXPORT_MISSING]: () => `Export the declared name from the module, or fix the "#export" part.`,
  [ErrorCodes.LOAD_FAILED]: (p) =>
    `Fix the module's import error or report it to the author of ${p.package}.`,
  [ErrorCodes.REQUIRE_MISSING]: (p) =>
    `Install the plugin "${p.plugin}" needs, or uninstall ${p.package ?? `"${p.plugin}"`}.`,
  [ErrorCodes.REQUIRE_INCOMPATIBLE]: () => `Install a version of the required plugin that matches the range.`,
  [ErrorCodes.REQUIRE_CYCLE]: () => `Remove one "requires" entry so the plugins no longer need each other.`,
  [ErrorCodes.DEPENDENCY_FAILED]: () => `Fix the required plugin first; this one starts once it does.`,
  [ErrorCodes.INCOMPATIBLE]: (p) => {
    const d = p.details ?? {};
    return `Install a release of ${p.package} made for ${d.adapter}@${d.installed} (npm install ${p.package}@latest), or install ${d.adapter}@"${d.range}".`;
  },
  [ErrorCodes.ENTRY_NAME_INVALID]: (p) =>
    `Rename the entry point in plugboard.entryPoints of ${p.package ?? 'the package'}'s package.json (or ask its author to).`,
  [ErrorCodes.META_INVALID]: (p) =>
    `Fix the host metadata in ${p.path ? join(p.path, 'package.json') : 'its package.json'} as the message says.`,
  [ErrorCodes.SHAPE_INVALID]: (p) =>
    `The entry point of ${p.package ?? 'the plugin'} does not export what its host expects; fix the export or report it to its author.`,
  [PlugboardToolCodes.MANIFEST_KEY_UNKNOWN]: (p) =>
    p.details?.suggestion
      ? `Rename "${p.details.key}" to "${p.details.suggestion}" in ${p.path}.`
      : `Remove "${p.details?.key}" from ${p.path}, or install the host that reads it.`,
  [PlugboardToolCodes.MANIFEST_FIELD_MISSPELT]: (p) =>
    `Rename the "${p.details?.field}" field to "plugboard" in ${p.path}.`,
};

function fixFor(problem: Problem): string {
  return FIXES[problem.code]?.(problem) ?? 'See the message above.';
}

function finding(problem: Problem, extra: Partial<Finding> = {}): Finding {
  const out: Finding = {
    code: problem.code,
    severity: problem.severity ?? 'error',
    message: problem.message,
    fix: extra.fix ?? fixFor(problem),
  };
  for (const key of ['package', 'plugin', 'path'] as const) {
    if (problem[key] !== undefined) out[key] = problem[key];
  }
  if (extra.group) out.group = extra.group;
  return out;
}

function entryMissing(plugin: HostPlugin<unknown, unknown>): Problem | undefined {
  if (plugin.source === 'provided') return undefined;
  const { module } = parseEntryPoint(plugin.value);
  if (!module.startsWith('.') && !isAbsolute(module)) return undefined;
  const file = isAbsolute(module) ? module : join(plugin.package.dir, module);
  if (existsSync(file)) return undefined;
  return {
    code: ErrorCodes.ENTRY_MISSING,
    message: `${plugin.group} plugin "${plugin.name}" from ${plugin.package.name}@${plugin.package.version}: entry module ${module} does not exist.`,
    package: plugin.package.name,
    plugin: plugin.name,
    path: plugin.package.dir,
  };
}

/** A group whose adapter is not installed: the plugins' ranges cannot be checked (a warning per group). */
function adapterMissing(view: GroupView): Finding | undefined {
  const first = view.unchecked[0];
  if (view.host.kind !== 'none' || !first) return undefined;
  const name = adapterName(view.group);
  const range = first.problem.details?.range ?? '*';
  return {
    code: PlugboardToolCodes.HOST_NOT_FOUND,
    severity: 'warning',
    message: `${first.package.name} is a ${view.group} plugin for ${name}@${range}, but the project cannot resolve ${name}; its compatibility cannot be checked.`,
    fix: `Install the adapter: npm install ${name}@"${range}".`,
    group: view.group,
    package: first.package.name,
  };
}

/** `requires` between a group's plugins, over the host's own exclusions: what its lifecycle would skip. */
function requireProblems(view: GroupView): Problem[] {
  const excluded = new Map(view.found.excluded.map((e) => [e.name, e.problem]));
  const nodes = [
    ...view.plugins.map((p) => ({
      id: p.name,
      version: p.package.version,
      requires: p.requires,
      pkg: p.package.name,
    })),
    ...view.found.excluded.map((e) => ({
      id: e.name,
      version: e.package.version,
      requires: e.requires,
      pkg: e.package.name,
    })),
  ];
  const ordered = orderPlugins(nodes, excluded);
  const out: Problem[] = [];
  for (const [id, problem] of ordered.excluded) {
    if (excluded.has(id)) continue; // the host's own reason, reported already
    const pkg = nodes.find((n) => n.id === id)?.pkg;
    out.push({ ...problem, ...(pkg ? { package: pkg } : {}) });
  }
  return out;
}

/** Avoid "..": messages that end a sentence are not given a second full stop. */
const tidy = (text: string) => text.replace(/([.!?])\.(\s|$)/g, '$1$2').replace(/\s+$/, '');

/**
 * Check everything a host would trip over, with each host's own definition
 * (loaded from its adapter): discovery problems, exclusions with the host's
 * reasons, missing entry files, unmet or cyclic `requires`, and manifest typos.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const view = await inspectProject(options);
  const findings: Finding[] = [];
  const push = (problem: Problem, group?: string) => {
    const f = finding({ ...problem, message: tidy(problem.message) }, group ? { group } : {});
    findings.push({ ...f, fix: tidy(f.fix) });
  };
  const grouped = new Map<string, string>();
  for (const g of view.groups)
    for (const e of g.found.excluded) grouped.set(`${e.problem.code}\0${e.package.name}`, g.group);
  for (const problem of view.problems) push(problem, grouped.get(`${problem.code}\0${problem.package}`));
  let plugins = 0;
  for (const group of view.groups) {
    plugins += group.plugins.length + group.unchecked.length;
    const missing = adapterMissing(group);
    if (missing) findings.push(missing);
    for (const problem of requireProblems(group)) push(problem, group.group);
    for (const plugin of group.plugins) {
      const entry = entryMissing(plugin);
      if (entry) push(entry, group.group);
      else if (options.load) {
        try {
          await plugin.load();
        } catch (error) {
          const problem: Problem = isPlugboardError(error)
            ? error.toJSON()
            : { code: ErrorCodes.LOAD_FAILED, message: describeError(error) };
          push({ ...problem, cause: undefined }, group.group);
        }
      }
    }
  }
  for (const problem of checkManifests({
    cwd: view.cwd,
    userDir: options.userDir,
    paths: options.paths,
    packageDirs: view.packageDirs,
    groups: new Set(view.groups.map((g) => g.group)),
    problems: view.problems,
  }))
    push(problem);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { ok: errors === 0, plugins, errors, warnings: findings.length - errors, findings };
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines = report.findings.map(
    (f) =>
      `${f.severity === 'error' ? '✖' : '⚠'} ${f.code}${f.package ? ` ${f.package}` : ''}\n  ${f.message}\n  → ${f.fix}`,
  );
  const summary = report.findings.length
    ? `${report.errors} error(s), ${report.warnings} warning(s) across ${report.plugins} plugin(s).`
    : `No problems found in ${report.plugins} plugin(s).`;
  return `${[...lines, summary].join('\n')}\n`;
}
