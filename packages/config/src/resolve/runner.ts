import { isPlugboardError } from '@plugboard/core';
import { isStandardSchema } from '../define.js';
import {
  ConfigError,
  type ConfigErrorCode,
  ConfigErrorCodes,
  type ConfigLocation,
  where,
} from '../errors.js';
import type { Secrets } from '../secrets.js';
import type { ConfigLogger } from '../types.js';
import type { ResolverRegistry } from './registry.js';

export interface RefRequest {
  prefix: string;
  /** Evaluated argument: value, `?params` and `:-default` still joined. */
  value: string;
  query: string;
  form: 'whole' | 'embedded';
  baseDir: string;
  loc: ConfigLocation;
}

export interface RefResult {
  value: unknown;
  secret: boolean;
}

interface Entry {
  promise: Promise<RefResult>;
  controller: AbortController;
  generation: number;
}

export interface RunnerOptions {
  registry: ResolverRegistry;
  timeoutMs: number;
  logger: ConfigLogger;
  secrets: Secrets;
  /** Called when a resolver pushes a new value with `onUpdate`. */
  onUpdate: () => void;
  signal: AbortSignal;
}

function parseQuery(query: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(query));
}

/**
 * Runs references: identical ones (same prefix, value, params and base
 * folder) share one call, each resolver under its concurrency limit and
 * timeout. Results stay cached across reloads while still used, so a warm
 * reload only calls resolvers for references that are new.
 */
export class ReferenceRunner {
  private readonly cache = new Map<string, Entry>();
  generation = 0;

  constructor(private readonly o: RunnerOptions) {}

  resolve(req: RefRequest): Promise<RefResult> {
    const id = `${req.prefix}\0${req.value}\0${req.query}\0${req.baseDir}`;
    const hit = this.cache.get(id);
    if (hit) {
      hit.generation = this.generation;
      return hit.promise;
    }
    const controller = new AbortController();
    if (this.o.signal.aborted) controller.abort(this.o.signal.reason);
    const entry: Entry = { controller, generation: this.generation, promise: undefined as never };
    entry.promise = this.run(req, entry);
    entry.promise.catch(() => {
      if (this.cache.get(id) === entry) this.cache.delete(id);
    });
    this.cache.set(id, entry);
    return entry.promise;
  }

  /** Abort every reference's signal (the host is closing). */
  close(reason: unknown): void {
    for (const entry of this.cache.values()) entry.controller.abort(reason);
    this.cache.clear();
  }

  /** Forget (and abort) references the latest successful derivation no longer used. */
  prune(): void {
    for (const [id, entry] of this.cache) {
      if (entry.generation !== this.generation) {
        entry.controller.abort(new Error('reference no longer used'));
        this.cache.delete(id);
      }
    }
  }

  private async run(req: RefRequest, entry: Entry): Promise<RefResult> {
    const at = where(req.loc);
    const ref = `${req.prefix} reference${at}`;
    let instance: Awaited<ReturnType<ResolverRegistry['get']>>;
    try {
      instance = await this.o.registry.get(req.prefix);
    } catch (error) {
      if (isPlugboardError(error) && error.code === ConfigErrorCodes.UNKNOWN_PREFIX) {
        throw new ConfigError(
          ConfigErrorCodes.UNKNOWN_PREFIX,
          `unknown prefix ${req.prefix}${at}. Known prefixes: ${this.o.registry.prefixes().join(', ') || 'none'}. Install a resolver plugin that declares plugboard.entryPoints.config.${req.prefix}, or fix the reference.`,
          { ...req.loc, prefix: req.prefix, cause: error },
        );
      }
      throw this.wrap(error, req, `cannot load the resolver for the ${ref}`);
    }
    const { def } = instance;
    let params: unknown = parseQuery(req.query);
    if (def.params && isStandardSchema(def.params)) {
      const result = await def.params['~standard'].validate(params);
      if (result.issues) {
        const list = result.issues.map((i) => i.message).join('; ');
        throw new ConfigError(
          ConfigErrorCodes.PARAMS_INVALID,
          `invalid parameters for the ${ref}: ${this.o.secrets.scrub(list)}. Fix the ?query part of the reference.`,
          { ...req.loc, prefix: req.prefix },
        );
      }
      params = result.value;
    }
    const timeoutMs = def.timeoutMs ?? this.o.timeoutMs;
    const value = await instance.limit(async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new ConfigError(
            ConfigErrorCodes.RESOLVER_TIMEOUT,
            `the ${ref} did not answer within ${timeoutMs} ms. Check the resolver's backend, or raise resolverTimeoutMs (or the resolver's timeoutMs).`,
            { ...req.loc, prefix: req.prefix, package: instance.package },
          );
          entry.controller.abort(error);
          reject(error);
        }, timeoutMs);
      });
      try {
        const ctx = {
          prefix: req.prefix,
          key: req.loc.key ?? '',
          form: req.form,
          params,
          baseDir: req.baseDir,
          signal: entry.controller.signal,
          logger: this.o.logger,
          state: instance.state,
          onUpdate: (next: unknown) => {
            if (entry.controller.signal.aborted) return;
            if (def.secret) this.o.secrets.remember(next);
            entry.promise = Promise.resolve({ value: next, secret: !!def.secret });
            this.o.onUpdate();
          },
        };
        return await Promise.race([Promise.resolve().then(() => def.resolve(req.value, ctx)), timeout]);
      } catch (error) {
        throw this.wrap(error, req, `the ${ref} failed`, instance.package);
      } finally {
        clearTimeout(timer);
      }
    });
    if (def.secret) this.o.secrets.remember(value);
    return { value, secret: !!def.secret };
  }

  /** Keep coded config errors (adding where they happened), wrap anything else. */
  private wrap(error: unknown, req: RefRequest, what: string, pkg?: string): ConfigError {
    if (error instanceof ConfigError && error.code.startsWith('PB_CONFIG_')) {
      if (error.key !== undefined) return error;
      const message = error.message.replace(/^@plugboard\/config: /, '');
      return new ConfigError(
        error.code as ConfigErrorCode,
        `${message.replace(/\.$/, '')}${where(req.loc)}.`,
        {
          ...req.loc,
          prefix: req.prefix,
          package: pkg,
          cause: error,
        },
      );
    }
    if (isPlugboardError(error)) {
      return new ConfigError(
        ConfigErrorCodes.RESOLVER_FAILED,
        `${what}: ${this.o.secrets.scrub(error.message)}`,
        {
          ...req.loc,
          prefix: req.prefix,
          package: pkg,
          cause: error,
        },
      );
    }
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return new ConfigError(
      ConfigErrorCodes.RESOLVER_FAILED,
      `${what}: ${this.o.secrets.scrub(reason ?? '')}. Fix the reference or the resolver's backend.`,
      { ...req.loc, prefix: req.prefix, package: pkg, cause: error },
    );
  }
}
