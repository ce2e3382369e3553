import { scanPlugins } from '../discovery/discover.js';
import { ErrorCodes, PlugboardError, type Problem } from '../errors.js';
import { suggestion } from '../util/suggest.js';
import { hostLifecycle } from './lifecycle.js';
import { toPlugin } from './plugin.js';
import { mergeProvided } from './provided.js';
import { rediscover, trackDiscovery } from './rediscover.js';
import { hostView } from './stored-view.js';
import type { Host, HostDefinition, HostDiscoverOptions, HostDiscovery } from './types.js';

function invalidDefinition(what: string): PlugboardError {
  return new PlugboardError(
    ErrorCodes.HOST_INVALID,
    `defineHost(): ${what}. Fix the host's definition; see "Writing a host" in @plugboard/core's README.`,
  );
}

function checkDefinition<T, M>(def: HostDefinition<T, M>): void {
  if (typeof def.group !== 'string' || !/^[a-z][a-z0-9-]*$/.test(def.group))
    throw invalidDefinition(
      `group must be lower-case letters, digits and "-" (got ${JSON.stringify(def.group)})`,
    );
  if (typeof def.adapter?.name !== 'string' || typeof def.adapter?.version !== 'string')
    throw invalidDefinition(
      'adapter must be { name, version } of the package plugins declare a peer range on',
    );
  if (def.meta && typeof def.meta.schema?.['~standard']?.validate !== 'function')
    throw invalidDefinition('meta.schema must be a Standard Schema (zod, valibot, arktype…)');
}

/**
 * Define a plugin host: its group, adapter, entry-name rule, shape guard and
 * metadata schema. Discovery (sources, precedence, index), compatibility and the
 * lifecycle come from here, so a host holds none of that code itself.
 */
export function defineHost<T, M = undefined>(def: HostDefinition<T, M>): Host<T, M> {
  checkDefinition(def);
  const label = def.label ?? def.adapter.name;
  return {
    group: def.group,
    adapter: def.adapter,
    label,
    discover(options: HostDiscoverOptions<T, M> = {}): HostDiscovery<T, M> {
      const scanned = scanPlugins({
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.sources ? { sources: options.sources } : {}),
        ...(options.cache !== undefined ? { cache: options.cache } : {}),
      });
      const view = hostView(def, label, scanned);
      const candidates = mergeProvided(
        def.group,
        def.adapter,
        view.plugins,
        options.provided ?? [],
        view.problems,
      );
      const plugins = candidates.map((c) => toPlugin(def, label, c));
      const byName = new Map(plugins.map((p) => [p.name, p]));
      const excludedByName = new Map(view.excluded.map((e) => [e.name, e.problem]));
      const found: HostDiscovery<T, M> = {
        group: def.group,
        plugins,
        excluded: view.excluded.filter((e) => !byName.has(e.name)),
        problems: view.problems,
        from: scanned.from,
        fingerprint: scanned.fingerprint,
        get: (name) => byName.get(name),
        why: (name) => (byName.has(name) ? undefined : excludedByName.get(name)),
      };
      trackDiscovery(found, byName, excludedByName);
      return found;
    },
    lifecycle: (found, options) => hostLifecycle(found, options, (p) => rediscover(def, label, p)),
    explain(found, name): Problem {
      const why = found.why(name);
      if (why) return why;
      return {
        code: ErrorCodes.PLUGIN_NOT_FOUND,
        message: `${label}: no ${def.group} plugin named "${name}" is installed.${suggestion(
          name,
          found.plugins.map((p) => p.name),
        )} Install a package that declares plugboard.entryPoints.${def.group}.${name}, or check the name.`,
        plugin: name,
      };
    },
  };
}
