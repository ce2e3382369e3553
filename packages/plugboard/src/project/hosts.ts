import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineHost, type Host } from '@plugboard/core';
import { type AdapterPackage, adapterName, resolveAdapter } from '../adapter.js';
import { PlugboardToolCodes, PlugboardToolError } from '../errors.js';

/** The host definition a group's plugins are checked against, and where it came from. */
export interface GroupHost {
  group: string;
  host: Host<unknown, unknown>;
  /** The adapter package the project resolves, when it has one. */
  adapter: AdapterPackage | undefined;
  /**
   * `adapter`: the adapter's own `@plugboard/<group>/host` (its name rule, guard, metadata
   * schema). `plain`: the adapter ships no host module, so only discovery and the peer range
   * apply. `none`: no adapter is installed, so compatibility cannot be checked.
   */
  kind: 'adapter' | 'plain' | 'none';
}

/** A version no peer range admits, for groups whose adapter is not installed (see `kind: 'none'`). */
export const NO_ADAPTER_VERSION = '0.0.0-not-installed';

function isHost(value: unknown, group: string): value is Host<unknown, unknown> {
  const h = value as Partial<Host<unknown, unknown>> | null;
  return (
    !!h &&
    typeof h === 'object' &&
    h.group === group &&
    typeof h.discover === 'function' &&
    typeof h.explain === 'function'
  );
}

/** `@plugboard/<group>/host` as the project resolves it, or undefined when the adapter exports none. */
async function importHostModule(
  adapter: AdapterPackage,
  group: string,
): Promise<Host<unknown, unknown> | undefined> {
  let file: string;
  try {
    // from inside the adapter's own folder: the copy the project has, whatever NODE_PATH says
    file = createRequire(join(adapter.dir, 'package.json')).resolve(`${adapterName(group)}/host`);
  } catch {
    return undefined;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PlugboardToolError(
      PlugboardToolCodes.HOST_MODULE_INVALID,
      `cannot import ${adapterName(group)}/host (${file}): ${(error as Error).message}. Reinstall ${adapterName(group)}, or build it if it is a local package.`,
      { path: file, cause: error },
    );
  }
  // `host` by convention, else the default export, else any export that is this group's host
  const candidates = [mod.host, mod.default, ...Object.values(mod)];
  const host = candidates.find((v) => isHost(v, group));
  if (!host) {
    throw notAHost(group, file);
  }
  return host;
}

function notAHost(group: string, file: string): PlugboardToolError {
  return new PlugboardToolError(
    PlugboardToolCodes.HOST_MODULE_INVALID,
    `${adapterName(group)}/host (${file}) exports no host for the ${group} group; it must export one made with defineHost({ group: '${group}', … }) as \`host\` or default.`,
    { path: file },
  );
}

/**
 * The host definition of each group, loaded from the adapter the project
 * resolves, so `plugboard doctor` applies exactly the rules the host applies.
 */
export async function loadGroupHost(group: string, cwd: string): Promise<GroupHost> {
  const adapter = resolveAdapter(group, [cwd]);
  if (!adapter) {
    const host = defineHost<unknown, unknown>({
      group,
      adapter: { name: adapterName(group), version: NO_ADAPTER_VERSION },
    });
    return { group, host, adapter, kind: 'none' };
  }
  const own = await importHostModule(adapter, group);
  if (own) return { group, host: own, adapter, kind: 'adapter' };
  const host = defineHost<unknown, unknown>({
    group,
    adapter: { name: adapter.name, version: adapter.version },
  });
  return { group, host, adapter, kind: 'plain' };
}
