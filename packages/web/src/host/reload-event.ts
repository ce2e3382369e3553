import type { LifecycleReport, PluginState } from '@plugboard/core';

/** Why a plugin did not come back from a reload. */
export interface ReloadFailure {
  plugin: string;
  code: string;
  /** Names the plugin; for an import failure also the module and `file:line`. */
  message: string;
  /** The file concerned, when known (a syntax error's file, an invalid package.json). */
  path?: string | undefined;
}

/** What one reload did: the plugin and the dependents restarted after it. */
export interface ReloadEvent {
  plugin: string;
  ok: boolean;
  /** Wall time: teardown, re-reading package.json, the fresh import and the hooks. */
  ms: number;
  /** Files whose change caused it, relative to the plugin's folder (empty for `host.reload()`). */
  files: string[];
  /** The plugin, then its dependents, as they are now. */
  plugins: { name: string; state: PluginState }[];
  /** The first failure, the plugin's or a dependent's. */
  error?: ReloadFailure;
  /** One line for a console: `web: reloaded notes in 42 ms`, or what failed. */
  message: string;
}

export function reloadEvent(
  plugin: string,
  files: string[],
  ms: number,
  report: LifecycleReport,
): ReloadEvent {
  const failed = report.plugins.find((p) => p.error);
  const error: ReloadFailure | undefined = failed?.error && {
    plugin: failed.id,
    code: failed.error.code,
    message: failed.error.message,
    ...(failed.error.path ? { path: failed.error.path } : {}),
  };
  const dependents = report.plugins.filter((p) => p.id !== plugin).map((p) => p.id);
  const after = files.length
    ? ` after a change to ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}`
    : '';
  let message = `web: reloaded ${plugin} in ${ms} ms${dependents.length ? `; restarted ${dependents.join(', ')}` : ''}`;
  if (error?.plugin === plugin)
    message = `web: reload of ${plugin} failed in ${ms} ms${after}: ${error.code}: ${error.message}`;
  else if (error) message = `${message}, but ${error.plugin} failed: ${error.code}: ${error.message}`;
  return {
    plugin,
    ok: report.ok,
    ms,
    files,
    plugins: report.plugins.map((p) => ({ name: p.id, state: p.state })),
    ...(error ? { error } : {}),
    message,
  };
}
