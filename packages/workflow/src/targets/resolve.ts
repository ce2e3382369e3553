import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEntryPoint } from '@plugboard/core';
import { hint } from '../definition/suggest.js';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';
import { kindOf, type WorkflowDiscovery, type WorkflowPlugin } from '../host.js';
import type { ResolvedTarget } from '../types.js';
import { parseTarget } from './parse-target.js';
import { functionVersion, moduleVersion } from './version.js';

type Fn = (...args: never[]) => unknown;
export type TargetKind = 'stage' | 'executor';

export interface TargetResolverOptions {
  /** Discovered plugins of the `workflow` group (short-name targets). */
  plugins?: WorkflowDiscovery | undefined;
}

/** Import `url` and pick `exportName` (CommonJS default unwrapped). */
export async function importExport(url: string, exportName: string, target: string): Promise<Fn> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new WorkflowError(
      WorkflowErrorCodes.TARGET_LOAD_FAILED,
      `target "${target}" failed to import (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); fix the module, or the workflows that use it.`,
      { cause: error },
    );
  }
  const cjs = mod.default as Record<string, unknown> | undefined;
  const value = mod[exportName] ?? (cjs && typeof cjs === 'object' ? cjs[exportName] : undefined);
  if (typeof value !== 'function') {
    throw new WorkflowError(
      WorkflowErrorCodes.TARGET_LOAD_FAILED,
      `target "${target}": the module has no function export "${exportName}"; export one or fix the name after "#".`,
    );
  }
  return value as Fn;
}

/**
 * Turns target strings into code: resolved once and cached, each with its version
 * (the content hash of its module).
 */
export class TargetResolver {
  readonly #plugins: WorkflowDiscovery | undefined;
  readonly #cache = new Map<string, Promise<{ ref: ResolvedTarget; value: Fn }>>();

  constructor(options: TargetResolverOptions = {}) {
    this.#plugins = options.plugins;
  }

  /** Names of the discovered stages (or executors), for validation and did-you-mean. */
  names(kind: TargetKind): Set<string> {
    return new Set((this.#plugins?.plugins ?? []).filter((p) => kindOf(p) === kind).map((p) => p.name));
  }

  resolve(
    target: string,
    baseDir: string,
    kind: TargetKind = 'stage',
  ): Promise<{ ref: ResolvedTarget; value: Fn }> {
    const key = `${kind}\0${baseDir}\0${target}`;
    let hit = this.#cache.get(key);
    if (!hit) {
      hit = this.#resolve(target, baseDir, kind);
      this.#cache.set(key, hit);
      // A failure is not cached: the user may fix the module and try again in the same process.
      hit.catch(() => this.#cache.delete(key));
    }
    return hit;
  }

  async #resolve(
    target: string,
    baseDir: string,
    kind: TargetKind,
  ): Promise<{ ref: ResolvedTarget; value: Fn }> {
    const ref = parseTarget(target);
    if (ref.kind === 'plugin') return this.#plugin(ref.name, target, kind);
    let file: string;
    if (ref.kind === 'module') {
      file = ref.path.startsWith('file:')
        ? fileURLToPath(ref.path)
        : isAbsolute(ref.path)
          ? ref.path
          : resolvePath(baseDir, ref.path);
      if (!existsSync(file)) {
        throw new WorkflowError(
          WorkflowErrorCodes.TARGET_UNKNOWN,
          `target "${target}" names ${file}, which does not exist; fix the path (relative to the workflow file).`,
        );
      }
    } else {
      try {
        file = createRequire(join(baseDir, 'noop.js')).resolve(ref.specifier);
      } catch (error) {
        throw new WorkflowError(
          WorkflowErrorCodes.TARGET_UNKNOWN,
          `target "${target}": package module "${ref.specifier}" cannot be found from ${baseDir}; install it or fix the name.`,
          { cause: error },
        );
      }
    }
    const url = pathToFileURL(file).href;
    const value = await importExport(url, ref.exportName, target);
    return {
      ref: { target, kind: ref.kind, url, exportName: ref.exportName, version: moduleVersion(file) },
      value,
    };
  }

  async #plugin(name: string, target: string, kind: TargetKind): Promise<{ ref: ResolvedTarget; value: Fn }> {
    const plugin = this.#plugins?.get(name);
    if (!plugin || kindOf(plugin) !== kind) {
      const why = this.#plugins?.why(name);
      throw new WorkflowError(
        WorkflowErrorCodes.TARGET_UNKNOWN,
        why
          ? `${kind} "${name}" is installed but cannot be used: ${why.message}`
          : `no installed plugin provides the ${kind} "${name}".${hint(name, this.names(kind))} Run \`flow stages\` to list what was found, or install the plugin that provides it.`,
        { plugin: name, ...(why?.package ? { package: why.package } : {}) },
      );
    }
    let value: Fn;
    try {
      value = await plugin.load();
    } catch (error) {
      throw new WorkflowError(
        WorkflowErrorCodes.TARGET_LOAD_FAILED,
        `the ${kind} "${name}" from ${plugin.package.name}@${plugin.package.version} failed to load: ${(error instanceof Error ? error.message : String(error)).replace(/\.$/, '')}. Other workflows still run; fix or reinstall that plugin.`,
        { plugin: name, package: plugin.package.name, cause: error },
      );
    }
    return { ref: pluginTarget(plugin, target, value), value };
  }
}

function pluginTarget(plugin: WorkflowPlugin, target: string, value: Fn): ResolvedTarget {
  const pkg = { name: plugin.package.name, version: plugin.package.version };
  if (!plugin.value || !plugin.package.dir) {
    return {
      target,
      kind: 'plugin',
      url: undefined,
      exportName: 'default',
      version: functionVersion(value),
      package: pkg,
    };
  }
  const entry = parseEntryPoint(plugin.value);
  const file = createRequire(join(plugin.package.dir, 'package.json')).resolve(
    entry.module.startsWith('.') ? join(plugin.package.dir, entry.module) : entry.module,
  );
  return {
    target,
    kind: 'plugin',
    url: pathToFileURL(file).href,
    exportName: entry.exportName ?? 'default',
    version: moduleVersion(file),
    package: pkg,
  };
}
