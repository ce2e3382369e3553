import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  type DiscoveredPlugin,
  describeError,
  discoverSync,
  ErrorCodes,
  isPlugboardError,
  orderPlugins,
  type Problem,
  parseEntryPoint,
} from '@plugboard/core';
import { adapterName, adapterResolver } from '../adapter.js';
import { type DiscoveryScope, discoverOptions } from '../discovery.js';
import { PlugboardToolCodes } from '../errors.js';
import { pluginRow } from './list.js';

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

function entryMissing(plugin: DiscoveredPlugin): Problem | undefined {
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

/**
 * Check everything a host would trip over: discovery problems, plugins made for
 * another adapter version, missing entry files, and unmet or cyclic `requires`.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const discoverOpts = discoverOptions(options);
  const result = discoverSync({ ...discoverOpts, ...(options.group ? { group: options.group } : {}) });
  const findings = result.problems.map((p) => finding(p));
  const adapterOf = adapterResolver([discoverOpts.cwd]);
  const byGroup = new Map<string, DiscoveredPlugin[]>();
  const reported = new Set<string>();
  for (const plugin of result.plugins) {
    byGroup.set(plugin.group, [...(byGroup.get(plugin.group) ?? []), plugin]);
  }
  for (const [group, plugins] of byGroup) {
    const adapter = adapterOf(group);
    const excluded = new Map<string, Problem>();
    for (const plugin of plugins) {
      const row = pluginRow(plugin, adapter);
      const once = (key: string) => !reported.has(key) && reported.add(key);
      if (row.compatible === false && once(`incompatible\0${plugin.package.dir}\0${group}`)) {
        const problem: Problem = {
          code: ErrorCodes.INCOMPATIBLE,
          message: `${row.package}@${row.version} needs ${row.host.name}@${row.host.range} but the project has ${row.host.version}; the ${group} host will not load it.`,
          package: row.package,
          path: row.dir,
        };
        findings.push(
          finding(problem, {
            group,
            fix: `Install a release of ${row.package} made for ${row.host.name}@${row.host.version} (npm install ${row.package}@latest), or install ${row.host.name}@"${row.host.range}".`,
          }),
        );
      }
      if (row.compatible === false)
        excluded.set(plugin.name, { code: ErrorCodes.INCOMPATIBLE, message: 'incompatible' });
      if (row.compatible === null && row.host.range !== undefined && once(`host\0${group}`)) {
        findings.push({
          code: PlugboardToolCodes.HOST_NOT_FOUND,
          severity: 'warning',
          message: `${row.package} is a ${group} plugin for ${row.host.name}@${row.host.range}, but the project cannot resolve ${adapterName(group)}; its compatibility cannot be checked.`,
          fix: `Install the adapter: npm install ${row.host.name}@"${row.host.range}".`,
          group,
          package: row.package,
        });
      }
      const missing = entryMissing(plugin);
      if (missing) findings.push(finding(missing, { group }));
      else if (options.load) {
        try {
          await plugin.load();
        } catch (error) {
          const problem: Problem = isPlugboardError(error)
            ? error.toJSON()
            : { code: ErrorCodes.LOAD_FAILED, message: describeError(error) };
          findings.push(finding({ ...problem, cause: undefined }, { group }));
        }
      }
    }
    const nodes = plugins.map((p) => ({
      id: p.name,
      version: p.package.version,
      requires: p.package.manifest.requires,
      pkg: p.package.name,
    }));
    const ordered = orderPlugins(nodes, excluded);
    for (const [id, problem] of ordered.excluded) {
      if (problem.code === ErrorCodes.INCOMPATIBLE) continue;
      const pkg = nodes.find((n) => n.id === id)?.pkg;
      findings.push(finding({ ...problem, ...(pkg ? { package: pkg } : {}) }, { group }));
    }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    ok: errors === 0,
    plugins: result.plugins.length,
    errors,
    warnings: findings.length - errors,
    findings,
  };
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
