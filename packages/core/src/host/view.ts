import type { FoundPackage } from '../discovery/collector.js';
import { checkCompatibility } from '../discovery/compat.js';
import { selectEntries } from '../discovery/precedence.js';
import type { PluginPackage, PluginSource } from '../discovery/types.js';
import { ErrorCodes, type Problem } from '../errors.js';
import { validateMeta } from './meta.js';
import type { ExcludedPlugin, HostDefinition } from './types.js';

/** A discovered plugin as the host sees it, before `load()` is attached. */
export interface ViewPlugin<M> {
  name: string;
  source: PluginSource;
  package: PluginPackage;
  value: string;
  meta: M | undefined;
  requires: Record<string, string>;
}

export interface HostView<M> {
  plugins: ViewPlugin<M>[];
  excluded: ExcludedPlugin[];
  problems: Problem[];
}

function excludedOf(name: string, pkg: PluginPackage, problem: Problem): ExcludedPlugin {
  return {
    name,
    package: { name: pkg.name, version: pkg.version, dir: pkg.dir },
    requires: pkg.manifest.requires ?? {},
    problem,
  };
}

/**
 * Turn what discovery found into this host's view: precedence between sources,
 * the peer-range check, the entry-name rule and validated static metadata.
 * Every plugin the host cannot use is kept in `excluded` with the real reason.
 */
export function buildView<T, M>(
  def: HostDefinition<T, M>,
  label: string,
  scanned: { found: readonly FoundPackage[]; problems: readonly Problem[] },
): HostView<M> {
  const problems: Problem[] = [...scanned.problems];
  const plugins: ViewPlugin<M>[] = [];
  const excluded: ExcludedPlugin[] = [];
  const perPackage = new Map<string, { problem?: Problem; meta?: M }>();
  const metaKey = def.meta?.key ?? def.group;

  const checkPackage = (pkg: PluginPackage): { problem?: Problem; meta?: M } => {
    const cached = perPackage.get(pkg.dir);
    if (cached) return cached;
    let result: { problem?: Problem; meta?: M } = {};
    const incompatible = checkCompatibility(pkg, def.adapter);
    if (incompatible) {
      problems.push(incompatible);
      result = { problem: incompatible };
    } else if (def.meta && def.meta.per !== 'entry') {
      result = checkMeta(pkg, (pkg.manifest as Record<string, unknown>)[metaKey], `plugboard.${metaKey}`);
    }
    perPackage.set(pkg.dir, result);
    return result;
  };

  const checkMeta = (pkg: PluginPackage, raw: unknown, field: string, plugin?: string) => {
    const checked = validateMeta(def.meta!.schema, raw, field);
    if (checked.issues === undefined) return { meta: checked.value };
    const warn = def.meta!.onInvalid === 'warn';
    const problem: Problem = {
      code: ErrorCodes.META_INVALID,
      severity: warn ? 'warning' : 'error',
      message: `${label}: ${pkg.name}@${pkg.version} has invalid ${field} metadata (${checked.issues.join('; ')}); ${warn ? 'it works without it until its package.json is fixed' : 'the plugin is not used until its package.json is fixed'}.`,
      package: pkg.name,
      ...(plugin ? { plugin } : {}),
      path: pkg.dir,
    };
    problems.push(problem);
    return warn ? { warned: problem } : { problem };
  };

  const selected = selectEntries(scanned.found, def.group, problems);
  const refused = new Set(
    def.duplicates === 'exclude'
      ? problems.filter((p) => p.code === ErrorCodes.DUPLICATE && p.severity === 'error').map((p) => p.plugin)
      : [],
  );
  for (const { entry, name, value } of selected) {
    const pkg = entry.pkg;
    if (refused.has(name)) {
      const problem = problems.find((p) => p.code === ErrorCodes.DUPLICATE && p.plugin === name)!;
      excluded.push(excludedOf(name, pkg, problem));
      continue;
    }
    const checked = checkPackage(pkg);
    if (checked.problem) {
      excluded.push(excludedOf(name, pkg, checked.problem));
      continue;
    }
    if (def.entryName && !def.entryName.pattern.test(name)) {
      const problem: Problem = {
        code: ErrorCodes.ENTRY_NAME_INVALID,
        message: `${label}: ${pkg.name}@${pkg.version} declares the ${def.group} entry point "${name}", which is not a valid name (${def.entryName.hint}); it is ignored. Rename it in plugboard.entryPoints.${def.group} of its package.json.`,
        package: pkg.name,
        plugin: name,
        path: pkg.dir,
      };
      problems.push(problem);
      excluded.push(excludedOf(name, pkg, problem));
      continue;
    }
    let meta = checked.meta;
    if (def.meta?.per === 'entry') {
      const field = (pkg.manifest as Record<string, unknown>)[metaKey];
      const raw = field && typeof field === 'object' ? (field as Record<string, unknown>)[name] : undefined;
      const result = checkMeta(pkg, raw, `plugboard.${metaKey}.${name}`, name);
      if ('problem' in result && result.problem) {
        excluded.push(excludedOf(name, pkg, result.problem));
        continue;
      }
      meta = 'meta' in result ? result.meta : undefined;
    }
    plugins.push({
      name,
      source: entry.source,
      package: pkg,
      value,
      meta,
      requires: pkg.manifest.requires ?? {},
    });
  }
  return { plugins, excluded, problems };
}
