import { loadEntryPoint } from '../discovery/load.js';
import { ErrorCodes, PlugboardError } from '../errors.js';
import type { Candidate } from './provided.js';
import type { HostDefinition, HostPlugin } from './types.js';

/**
 * Attach a once-only `load()` that imports the entry point (or produces the
 * provided object) and checks its shape. `fresh`: import a new copy of the
 * plugin's folder (a reload), not the cached modules.
 */
export function toPlugin<T, M>(
  def: HostDefinition<T, M>,
  label: string,
  c: Candidate<T, M>,
  fresh = false,
): HostPlugin<T, M> {
  let loading: Promise<T> | undefined;
  const loadOnce = async (): Promise<T> => {
    if (!c.provided) {
      return (await loadEntryPoint({
        pkg: c.package,
        group: def.group,
        name: c.name,
        value: c.value,
        guard: def.guard,
        fresh,
      })) as T;
    }
    const value = c.provided.load ? await c.provided.load() : c.provided.value;
    const complaint = value === undefined ? 'it has neither value nor load()' : def.guard?.(value);
    if (complaint) {
      throw new PlugboardError(
        ErrorCodes.SHAPE_INVALID,
        `${label}: the ${def.group} plugin "${c.name}" given to the host is not what it expects: ${complaint}.`,
        { plugin: c.name },
      );
    }
    return value as T;
  };
  return {
    name: c.name,
    group: def.group,
    source: c.source,
    package: c.package,
    value: c.value,
    meta: c.meta,
    requires: c.requires,
    load: () => {
      loading ??= loadOnce();
      return loading;
    },
  };
}
