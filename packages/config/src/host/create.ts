import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import type { Problem } from '@plugboard/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { envResolver } from '../builtins/env.js';
import { fileResolver } from '../builtins/file.js';
import { sealedResolver } from '../builtins/sealed.js';
import { ConfigError, ConfigErrorCodes } from '../errors.js';
import { type Layered, loadLayers } from '../parse/layers.js';
import { Deriver } from '../resolve/derive.js';
import { ResolverRegistry } from '../resolve/registry.js';
import { ReferenceRunner } from '../resolve/runner.js';
import { scrubConfigError, scrubError } from '../scrub-error.js';
import { deepFreeze, hideSecrets, Secrets } from '../secrets.js';
import type { AnyResolver, ConfigLogger } from '../types.js';
import { validateConfig } from '../validate.js';
import { watchFiles } from '../watch/files.js';
import { changedKeys } from './diff.js';
import { matchKey } from './match.js';
import type { ConfigChange, ConfigOf, CreateConfigOptions } from './options.js';
import { shareUnchanged } from './share.js';

/** A live configuration: the current typed value, change subscriptions, reload and close. */
export interface ConfigHost<T> {
  /** The current config (frozen). Swapped atomically after each successful refresh. */
  readonly value: T;
  /** Problems found while discovering resolver plugins (duplicates, incompatible versions…). */
  readonly problems: readonly Problem[];
  /** Keys whose values are secrets (redacted when printed). */
  readonly secretKeys: readonly string[];
  /** Files the config was read from (watched when `watch` is on). */
  readonly files: readonly string[];
  /** Call `listener` after a refresh changes a key matching `pattern` (`db.port`, `db`, `db.*`, `**`). */
  subscribe(pattern: string | string[], listener: (change: ConfigChange<T>) => void): () => void;
  /** Called when a refresh fails; the last good config stays in place. */
  onError(listener: (error: ConfigError) => void): () => void;
  /** Re-read the files and re-derive now. Resolves true when a new config was swapped in; rejects on failure. */
  reload(): Promise<boolean>;
  /** Stop watchers and abort resolvers' signals. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const consoleLogger: ConfigLogger = {
  debug() {},
  info() {},
  warn: (m, ...r) => console.warn(m, ...r),
  error: (m, ...r) => console.error(m, ...r),
};

function scrubbing(logger: ConfigLogger, secrets: Secrets): ConfigLogger {
  const wrap =
    (fn: (m: string, ...r: unknown[]) => void) =>
    (m: string, ...r: unknown[]) =>
      fn.call(
        logger,
        secrets.scrub(String(m)),
        ...r.map((x) => (typeof x === 'string' ? secrets.scrub(x) : scrubError(x, secrets))),
      );
  return {
    debug: wrap(logger.debug),
    info: wrap(logger.info),
    warn: wrap(logger.warn),
    error: wrap(logger.error),
  };
}

/**
 * Load, resolve and validate a layered configuration, and keep it live.
 * Rejects with a ConfigError when the first load fails.
 */
export async function createConfig<S extends StandardSchemaV1 | undefined = undefined>(
  options: CreateConfigOptions<S> = {},
): Promise<ConfigHost<ConfigOf<S>>> {
  type T = ConfigOf<S>;
  const cwd = resolve(options.cwd ?? process.cwd());
  const environment = options.environment ?? process.env;
  const watchOn = !!options.watch;
  const debounceMs = (typeof options.watch === 'object' && options.watch.debounceMs) || 100;
  const secrets = new Secrets();
  const logger = scrubbing(options.logger ?? consoleLogger, secrets);
  const closing = new AbortController();
  // every live reference listens for close
  setMaxListeners(0, closing.signal);
  const builtins: AnyResolver[] =
    options.builtins === false ? [] : [envResolver, fileResolver, sealedResolver];
  const registry = new ResolverRegistry({
    builtins,
    resolvers: options.resolvers ?? [],
    plugins: options.plugins ?? {},
    cwd,
    environment,
    resolverOptions: options.resolverOptions ?? {},
    concurrency: options.concurrency ?? 64,
    setupTimeoutMs: options.setupTimeoutMs ?? options.resolverTimeoutMs ?? 10_000,
    watch: watchOn,
    logger,
    signal: closing.signal,
  });
  const runner = new ReferenceRunner({
    registry,
    timeoutMs: options.resolverTimeoutMs ?? 10_000,
    logger,
    secrets,
    signal: closing.signal,
    onUpdate: () => schedule(false),
  });
  const readLayers = (): Layered =>
    loadLayers({
      cwd,
      file: options.file,
      format: options.format,
      env: options.env ?? environment.NODE_ENV,
      sources: options.sources,
      defaults: options.defaults,
      envPrefix: options.envPrefix,
      environment,
      overrides: options.overrides,
    });

  let layers: Layered | undefined;
  let current: T;
  let secretKeys: string[] = [];
  const deriver = new Deriver();
  const build = async (reread: boolean): Promise<{ value: T; secretKeys: string[] }> => {
    if (reread || !layers) layers = readLayers();
    runner.generation++;
    // derive() returns the config frozen and secret-marked, sharing unchanged subtrees with the last one
    const derived = await deriver.derive({ data: layers.data, origins: layers.origins, cwd, runner });
    let value = derived.value as T;
    if (options.schema) {
      const validated = (await validateConfig(options.schema, derived.value, layers.origins, secrets)) as T;
      // the validator builds a new tree each time: re-share what did not change with the last config
      const before = current as T | undefined;
      value = before === undefined ? validated : shareUnchanged(before, validated);
      if (value !== current) {
        hideSecrets(value, derived.secretPaths);
        deepFreeze(value);
      }
    }
    runner.prune();
    return { value, secretKeys: derived.secretKeys };
  };

  const first = await build(true).catch((error: unknown) => {
    closing.abort(new Error('config load failed'));
    runner.close(closing.signal.reason);
    void registry.close();
    throw error instanceof ConfigError ? scrubConfigError(error, secrets) : scrubError(error, secrets);
  });
  current = first.value;
  secretKeys = first.secretKeys;

  const subscribers = new Set<{ patterns: string[]; listener: (c: ConfigChange<T>) => void }>();
  const errorListeners = new Set<(e: ConfigError) => void>();
  const swap = (next: { value: T; secretKeys: string[] }): boolean => {
    const keys = changedKeys(current, next.value);
    if (!keys.length) return false;
    const previous = current;
    current = next.value;
    secretKeys = next.secretKeys;
    for (const sub of subscribers) {
      const matching = keys.filter((k) => sub.patterns.some((p) => matchKey(p, k)));
      if (!matching.length) continue;
      try {
        sub.listener({ keys: matching, value: current, previous });
      } catch (error) {
        logger.error(`@plugboard/config: a subscriber threw: ${String(error)}`, error);
      }
    }
    return true;
  };

  // Refreshes run one at a time; requests arriving meanwhile coalesce into one more run.
  let running: Promise<boolean> | undefined;
  let again: { reread: boolean } | undefined;
  const refresh = (reread: boolean): Promise<boolean> => {
    if (closing.signal.aborted) {
      return Promise.reject(
        new ConfigError(ConfigErrorCodes.CLOSED, 'this config host is closed; create a new one.'),
      );
    }
    if (running) {
      again = { reread: reread || !!again?.reread };
      return running.then(() => refresh(false));
    }
    running = build(reread)
      .then(swap)
      .finally(() => {
        running = undefined;
        if (again && !closing.signal.aborted) {
          const next = again;
          again = undefined;
          schedule(next.reread);
        }
      });
    return running;
  };
  const report = (error: unknown) => {
    const e =
      error instanceof ConfigError
        ? scrubConfigError(error, secrets)
        : new ConfigError(
            ConfigErrorCodes.RESOLVER_FAILED,
            `refresh failed: ${secrets.scrub(String(error))}`,
            { cause: scrubError(error, secrets) },
          );
    if (errorListeners.size === 0) logger.error(`${e.message} (keeping the last good config)`);
    for (const l of errorListeners) l(e);
  };
  let pending: NodeJS.Immediate | undefined;
  let pendingReread = false;
  function schedule(reread: boolean): void {
    pendingReread ||= reread;
    if (pending || closing.signal.aborted) return;
    pending = setImmediate(() => {
      pending = undefined;
      const r = pendingReread;
      pendingReread = false;
      if (running) {
        again = { reread: r || !!again?.reread };
        return;
      }
      refresh(r).catch(report);
    });
  }

  const stopWatching = watchOn
    ? watchFiles(layers!.files, {
        debounceMs,
        onChange: () => schedule(true),
        // a dead watcher is reported once, the way a failed refresh is; reload() still works
        onError: (error, folder) =>
          report(
            new ConfigError(
              ConfigErrorCodes.WATCH_FAILED,
              `stopped watching ${folder} for config changes (${(error as NodeJS.ErrnoException).code ?? error.message}); changes are seen on reload() only. Check that the folder exists and that the system's inotify watch limit is not reached.`,
              { file: folder, cause: error },
            ),
          ),
      })
    : undefined;

  const host: ConfigHost<T> = {
    get value() {
      return current;
    },
    problems: registry.problems,
    get secretKeys() {
      return secretKeys;
    },
    get files() {
      return layers?.files ?? [];
    },
    subscribe(pattern, listener) {
      const entry = { patterns: Array.isArray(pattern) ? pattern : [pattern], listener };
      subscribers.add(entry);
      return () => subscribers.delete(entry);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    reload: () => refresh(true),
    async close() {
      if (closing.signal.aborted) return;
      closing.abort(new Error('config host closed'));
      runner.close(closing.signal.reason);
      clearImmediate(pending);
      await stopWatching?.();
      await running?.catch(() => undefined);
      await registry.close();
    },
    [Symbol.asyncDispose]() {
      return host.close();
    },
  };
  return host;
}

/** Load, resolve and validate once; returns the typed config. */
export async function loadConfig<S extends StandardSchemaV1 | undefined = undefined>(
  options: Omit<CreateConfigOptions<S>, 'watch'> = {},
): Promise<ConfigOf<S>> {
  const host = await createConfig<S>({ ...options, watch: false });
  await host.close();
  return host.value;
}
