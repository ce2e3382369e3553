import type { PluginPackage } from '../discovery/types.js';
import type { Problem } from '../errors.js';
import { mergeProvided as merge } from '../light/index.js';
import type { ProvidedPlugin } from './types.js';

/** A plugin of the host's view, discovered or provided, before `load()` is attached. */
export interface Candidate<T, M> {
  name: string;
  source: 'path' | 'user' | 'dependencies' | 'scan' | 'provided';
  package: PluginPackage;
  value: string;
  meta: M | undefined;
  requires: Record<string, string>;
  provided?: ProvidedPlugin<T, M>;
  precedence?: 'first' | 'last' | undefined;
}

function asCandidate<T, M>(
  p: ProvidedPlugin<T, M>,
  adapter: { name: string; version: string },
): Candidate<T, M> {
  const pkg = p.package ?? adapter;
  return {
    name: p.name,
    source: 'provided',
    package: {
      name: pkg.name,
      version: pkg.version,
      dir: '',
      peerDependencies: {},
      manifest: { entryPoints: {} },
    },
    value: '',
    meta: p.meta,
    requires: p.requires ?? {},
    provided: p,
    precedence: p.precedence,
  };
}

/**
 * Merge plugins handed in as objects with the discovered ones (the one rule, in
 * the import-free light module so CLI help applies it too).
 */
export function mergeProvided<T, M>(
  group: string,
  adapter: { name: string; version: string },
  discovered: Candidate<T, M>[],
  provided: ReadonlyArray<ProvidedPlugin<T, M>>,
  problems: Problem[],
): Candidate<T, M>[] {
  return merge(
    group,
    discovered,
    provided.map((p) => asCandidate(p, adapter)),
    problems,
  );
}
