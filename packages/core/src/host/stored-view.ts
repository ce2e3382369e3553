import type { FoundPackage } from '../discovery/collector.js';
import type { scanPlugins } from '../discovery/discover.js';
import { writeView } from '../discovery/index-cache.js';
import { expandView, type StoredView, viewKey } from '../light/index.js';
import type { HostDefinition } from './types.js';
import { buildView, type HostView } from './view.js';

/**
 * The host's view of a scan, kept in the discovery index beside the scan: a warm
 * start reuses it (no semver, no schema runs), and help screens read it with the
 * import-free light module. Any stored view that does not fit is rebuilt.
 */
export function hostView<T, M>(
  def: HostDefinition<T, M>,
  label: string,
  scanned: ReturnType<typeof scanPlugins>,
): HostView<M> {
  const key = viewKey({ group: def.group, adapter: def.adapter, label });
  const index = scanned.index;
  const stored = index?.entry && expandView(index.entry, key);
  if (stored) return stored as unknown as HostView<M>;
  const view = buildView(def, label, scanned);
  if (index) writeView(index.file, index.key, scanned.fingerprint, key, toStored(scanned.found, view));
  return view;
}

function toStored<M>(found: readonly FoundPackage[], view: HostView<M>): StoredView {
  const byPkg = new Map(found.map((f, i) => [f.pkg, i]));
  const byDir = new Map<string, number>();
  found.forEach((f, i) => {
    if (!byDir.has(f.pkg.dir)) byDir.set(f.pkg.dir, i);
  });
  return {
    plugins: view.plugins.map((p) => ({
      name: p.name,
      at: byPkg.get(p.package) ?? byDir.get(p.package.dir)!,
      source: p.source,
      value: p.value,
      ...(p.meta === undefined ? {} : { meta: p.meta }),
      requires: p.requires,
    })),
    excluded: view.excluded.map((e) => ({
      name: e.name,
      at: byDir.get(e.package.dir)!,
      requires: e.requires,
      problem: e.problem,
    })),
    problems: view.problems,
  };
}
