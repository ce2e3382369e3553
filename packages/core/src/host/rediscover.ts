import { join } from 'node:path';
import { scanPlugins } from '../discovery/discover.js';
import { ErrorCodes, type Problem } from '../errors.js';
import { toPlugin } from './plugin.js';
import type { ExcludedPlugin, HostDefinition, HostDiscovery, HostPlugin } from './types.js';
import { buildView } from './view.js';

/** One plugin read again: usable (with a fresh `load()`), or excluded with the reason. */
export type Rediscovered<T, M> = { plugin: HostPlugin<T, M> } | { excluded: ExcludedPlugin };

/**
 * Read one plugin's package again for a reload (package.json, peer range, entry
 * name, metadata), with a `load()` that imports its folder anew. Only that folder
 * is scanned, so a reload never sees other packages change. A provided plugin
 * has no folder: it comes back as it was (its hooks run again, its code stays).
 */
export function rediscover<T, M>(
  def: HostDefinition<T, M>,
  label: string,
  current: HostPlugin<T, M> | ExcludedPlugin,
): Rediscovered<T, M> {
  const { dir } = current.package;
  if ('source' in current && current.source === 'provided') return { plugin: current };
  const scanned = scanPlugins({ cwd: dir, sources: { paths: [dir], dependencies: false }, cache: false });
  const view = buildView(def, label, scanned);
  const usable = view.plugins.find((p) => p.name === current.name);
  if (usable) {
    const source = 'source' in current ? current.source : usable.source;
    return { plugin: toPlugin(def, label, { ...usable, source }, true) };
  }
  const excluded = view.excluded.find((e) => e.name === current.name);
  if (excluded) return { excluded };
  const unreadable = scanned.problems.find((p) => p.severity !== 'warning');
  const problem: Problem = unreadable
    ? { ...unreadable, plugin: current.name }
    : {
        code: ErrorCodes.PLUGIN_NOT_FOUND,
        message: `${label}: ${current.package.name} no longer declares the ${def.group} plugin "${current.name}" (plugboard.entryPoints.${def.group}.${current.name}); put it back, or restart the host to drop it.`,
        package: current.package.name,
        plugin: current.name,
        path: join(dir, 'package.json'),
      };
  const { name, version } = current.package;
  return { excluded: { name: current.name, package: { name, version, dir }, requires: {}, problem } };
}

type Replace<T, M> = (next: Rediscovered<T, M>) => void;
const trackers = new WeakMap<object, Replace<never, never>>();

/** Remember how to update a discovery result in place (the kit's own results only). */
export function trackDiscovery<T, M>(
  found: HostDiscovery<T, M>,
  byName: Map<string, HostPlugin<T, M>>,
  excludedByName: Map<string, Problem>,
): void {
  const replace: Replace<T, M> = (next) => {
    const name = 'plugin' in next ? next.plugin.name : next.excluded.name;
    const at = found.plugins.findIndex((p) => p.name === name);
    const out = found.excluded.findIndex((e) => e.name === name);
    if ('plugin' in next) {
      if (at === -1) found.plugins.push(next.plugin);
      else found.plugins[at] = next.plugin;
      if (out !== -1) found.excluded.splice(out, 1);
      byName.set(name, next.plugin);
      excludedByName.delete(name);
    } else {
      if (at !== -1) found.plugins.splice(at, 1);
      if (out === -1) found.excluded.push(next.excluded);
      else found.excluded[out] = next.excluded;
      byName.delete(name);
      excludedByName.set(name, next.excluded.problem);
    }
  };
  trackers.set(found, replace as Replace<never, never>);
}

/**
 * Show a reloaded plugin in the discovery result the host holds (`get`, `why`,
 * `plugins`, `excluded`), so dashboards read the re-read metadata. `problems`
 * keeps what discovery reported at start.
 */
export function replaceInDiscovery<T, M>(found: HostDiscovery<T, M>, next: Rediscovered<T, M>): void {
  (trackers.get(found) as Replace<T, M> | undefined)?.(next);
}
