import type { HostDiscovery, HostLifecycle, PluginState, Problem } from '@plugboard/core';
import type { EventStats } from '../events/bus.js';
import type { WebMeta } from '../meta.js';
import type { TaskStats } from '../tasks/scheduler.js';
import type { AnyWebPlugin } from '../types.js';
import { type PluginRuntime, prefixOf } from './runtime.js';

/** One plugin as the admin API, the dashboard and `web-server routes` show it. */
export interface PluginSummary {
  name: string;
  displayName: string;
  description: string | undefined;
  version: string;
  package: string;
  source: string;
  category: string | undefined;
  state: PluginState | 'excluded';
  error: { code: string; message: string } | undefined;
  health: { ok: boolean; detail?: unknown; checkedAt?: number | undefined };
  permissions: string[];
  requires: Record<string, string>;
  prefix: string;
  /** Configuration with secrets as `[secret]`. */
  config: Record<string, unknown> | undefined;
  ui: WebMeta['ui'] | undefined;
  features: WebMeta['features'] | undefined;
  stats: {
    requests: number;
    routeErrors: number;
    events: EventStats | undefined;
    tasks: Record<string, TaskStats>;
  };
}

const plain = (p: Problem | undefined) => (p ? { code: p.code, message: p.message } : undefined);

export function summarize(
  found: HostDiscovery<AnyWebPlugin, WebMeta>,
  life: HostLifecycle<PluginRuntime> | undefined,
  events: Map<string, EventStats>,
): PluginSummary[] {
  const report = new Map((life?.report().plugins ?? []).map((p) => [p.id, p]));
  const rows: PluginSummary[] = found.plugins.map((plugin) => {
    const rt = life?.instance(plugin.name);
    const meta = plugin.meta;
    const r = report.get(plugin.name);
    return {
      name: plugin.name,
      displayName: meta?.displayName ?? plugin.package.manifest.displayName ?? plugin.name,
      description: meta?.description ?? plugin.package.manifest.description,
      version: rt?.version ?? plugin.package.version,
      package: plugin.package.name,
      source: plugin.source,
      category: meta?.category,
      state: r?.state ?? 'discovered',
      error: plain(r?.error),
      // Only a running plugin can be healthy; a failed one keeps the `ok` its runtime started with.
      health:
        rt && ['started', 'enabled', 'disabled'].includes(r?.state ?? '') ? { ...rt.health } : { ok: false },
      permissions: rt ? [...rt.permissions] : [...(meta?.permissions ?? [])],
      requires: plugin.requires,
      prefix: prefixOf(plugin.name, meta),
      config: rt?.config?.redacted,
      ui: meta?.ui,
      features: meta?.features,
      stats: {
        requests: rt?.requests ?? 0,
        routeErrors: rt?.routeErrors ?? 0,
        events: events.get(plugin.name),
        tasks: Object.fromEntries(rt?.taskStats ?? []),
      },
    };
  });
  for (const e of found.excluded) {
    rows.push({
      name: e.name,
      displayName: e.name,
      description: undefined,
      version: e.package.version,
      package: e.package.name,
      source: 'excluded',
      category: undefined,
      state: 'excluded',
      error: plain(e.problem),
      health: { ok: false },
      permissions: [],
      requires: {},
      prefix: prefixOf(e.name, undefined),
      config: undefined,
      ui: undefined,
      features: undefined,
      stats: { requests: 0, routeErrors: 0, events: undefined, tasks: {} },
    });
  }
  return rows;
}
