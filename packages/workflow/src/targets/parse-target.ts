/** A target string taken apart: where the code is and which export to call. */
export type TargetRef =
  | { kind: 'module'; path: string; exportName: string }
  | { kind: 'package'; specifier: string; exportName: string }
  | { kind: 'plugin'; name: string };

/** Short names plugins register in the `workflow` group. */
export const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;

function split(target: string): [string, string] {
  const at = target.lastIndexOf('#');
  return at === -1 ? [target, 'default'] : [target.slice(0, at), target.slice(at + 1) || 'default'];
}

/**
 * `./stages.js#fn` (relative to the workflow file) and absolute paths are modules;
 * `pkg/subpath#export` and `@scope/pkg#export` are packages; a bare lower-case name
 * is a plugin's short name.
 */
export function parseTarget(target: string): TargetRef {
  const t = target.trim();
  if (t.startsWith('./') || t.startsWith('../') || t.startsWith('/') || t.startsWith('file:')) {
    const [path, exportName] = split(t);
    return { kind: 'module', path, exportName };
  }
  if (PLUGIN_NAME.test(t)) return { kind: 'plugin', name: t };
  const [specifier, exportName] = split(t);
  return { kind: 'package', specifier, exportName };
}
