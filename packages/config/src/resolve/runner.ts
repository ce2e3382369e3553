import { isPlugboardError } from '@plugboard/core';
import { isStandardSchema } from '../define.js';
import {
  ConfigError,
  type ConfigErrorCode,
  ConfigErrorCodes,
  type ConfigLocation,
  where,
} from '../errors.js';
import { scrubConfigError, scrubError } from '../scrub-error.js';
import type { Secrets } from '../secrets.js';
import type { ConfigLogger, ResolveContext } from '../types.js';
import type { ResolverInstance, ResolverRegistry } from './registry.js';

export interface RefRequest {
  prefix: string;
  /** Evaluated argument: value, `?params` and `:-default` still joined. */
  value: string;
  query: string;
  form: 'whole' | 'embedded';
  baseDir: string;
  /** The first key using the reference. */
  key: string;
  /** Where the key is (file:line:col); computed only for error messages. */
  locate(): ConfigLocation;
}

export interface RefResult {
  value: unknown;
  secret: boolean;
}

interface Entry {
  id: string;
  promise: Promise<RefResult>;
  /** Set by onUpdate: `promise` then holds the pushed value. */
  updated: boolean;
  /** The answer once it arrived, so later derivations can use it without waiting. */
  settled: RefResult | undefined;
  generation: number;
  /** Created when the resolver first reads `ctx.signal`: most never do, and signals are not cheap. */
  controller: AbortController | undefined;
  aborted: boolean;
  reason: unknown;
}

function abortEntry(entry: Entry, reason: unknown): void {
  if (entry.aborted) return;
  entry.aborted = true;
  entry.reason = reason;
  entry.controller?.abort(reason);
}

function signalOf(entry: Entry): AbortSignal {
  if (!entry.controller) {
    entry.controller = new AbortController();
    if (entry.aborted) entry.controller.abort(entry.reason);
  }
  return entry.controller.signal;
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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** "VAULT reference at key `db.password` (config.yaml:3:5)", for messages. */
function describe(req: RefRequest): string {
  return `${req.prefix} reference${where(req.locate())}`;
}

function parseQuery(query: string): Record<string, string> {
  return query ? Object.fromEntries(new URLSearchParams(query)) : {};
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

  /** The reference's value: at once when an earlier derivation already has it, else a promise. */
  resolve(req: RefRequest): RefResult | Promise<RefResult> {
    const id = `${req.prefix}\0${req.value}\0${req.query}\0${req.baseDir}`;
    const hit = this.cache.get(id);
    if (hit) {
      hit.generation = this.generation;
      return hit.settled ?? hit.promise;
    }
    const entry: Entry = {
      id,
      generation: this.generation,
      promise: undefined as never,
      updated: false,
      settled: undefined,
      controller: undefined,
      aborted: false,
      reason: undefined,
    };
    if (this.o.signal.aborted) abortEntry(entry, this.o.signal.reason);
    this.cache.set(id, entry);
    const promise = this.run(req, entry);
    // a resolver may have pushed an update before its first answer arrived: that one stays
    if (!entry.updated) entry.promise = promise;
    return entry.promise;
  }

  /** Abort every reference's signal (the host is closing). */
  close(reason: unknown): void {
    for (const entry of this.cache.values()) abortEntry(entry, reason);
    this.cache.clear();
  }

  /** Forget (and abort) references the latest successful derivation no longer used. */
  prune(): void {
    for (const [id, entry] of this.cache) {
      if (entry.generation !== this.generation) {
        abortEntry(entry, new Error('reference no longer used'));
        this.cache.delete(id);
      }
    }
  }

  /** The resolver's answer, without waiting when it is already set up and takes no params. */
  private run(req: RefRequest, entry: Entry): Promise<RefResult> {
    const instance = this.o.registry.ready(req.prefix);
    if (instance && !instance.def.params) return this.call(instance, req, entry, parseQuery(req.query));
    return this.prepare(req, entry).catch((error: unknown) => {
      this.forget(entry);
      throw error;
    });
  }

  /** A failed reference is tried again by the next derivation. */
  private forget(entry: Entry): void {
    if (this.cache.get(entry.id) === entry) this.cache.delete(entry.id);
  }

  /** Load the resolver on first use and check the reference's params. */
  private async prepare(req: RefRequest, entry: Entry): Promise<RefResult> {
    let instance: ResolverInstance;
    try {
      instance = await this.o.registry.get(req.prefix);
    } catch (error) {
      if (isPlugboardError(error) && error.code === ConfigErrorCodes.UNKNOWN_PREFIX) {
        const loc = req.locate();
        throw new ConfigError(
          ConfigErrorCodes.UNKNOWN_PREFIX,
          `unknown prefix ${req.prefix}${where(loc)}. Known prefixes: ${this.o.registry.prefixes().join(', ') || 'none'}. Install a resolver plugin that declares plugboard.entryPoints.config.${req.prefix}, or fix the reference.`,
          { ...loc, prefix: req.prefix },
        );
      }
      throw this.wrap(error, req, `cannot load the resolver for the ${describe(req)}`);
    }
    const { def } = instance;
    let params: unknown = parseQuery(req.query);
    if (def.params && isStandardSchema(def.params)) {
      const result = await def.params['~standard'].validate(params);
      if (result.issues) {
        const list = result.issues.map((i) => i.message).join('; ');
        throw new ConfigError(
          ConfigErrorCodes.PARAMS_INVALID,
          `invalid parameters for the ${describe(req)}: ${this.o.secrets.scrub(list)}. Fix the ?query part of the reference.`,
          { ...req.locate(), prefix: req.prefix },
        );
      }
      params = result.value;
    }
    return this.call(instance, req, entry, params);
  }

  /** One call under the resolver's concurrency limit and timeout. */
  private call(
    instance: ResolverInstance,
    req: RefRequest,
    entry: Entry,
    params: unknown,
  ): Promise<RefResult> {
    const { def } = instance;
    const secret = !!def.secret;
    const ctx: ResolveContext<unknown, unknown> = {
      prefix: req.prefix,
      key: req.key,
      form: req.form,
      params,
      baseDir: req.baseDir,
      get signal() {
        return signalOf(entry);
      },
      logger: this.o.logger,
      state: instance.state,
      onUpdate: (next: unknown) => {
        if (entry.aborted) return;
        if (secret) this.o.secrets.remember(next);
        entry.settled = { value: next, secret };
        entry.promise = Promise.resolve(entry.settled);
        entry.updated = true;
        this.o.onUpdate();
      },
    };
    return new Promise<RefResult>((resolve, reject) => {
      instance.gate.enter(() => {
        let settled = false;
        let timer: NodeJS.Timeout | undefined;
        const settle = (ok: boolean, outcome: unknown): void => {
          if (settled) return;
          settled = true;
          if (timer) clearTimeout(timer);
          instance.gate.release();
          if (!ok) {
            this.forget(entry);
            reject(this.wrap(outcome, req, `the ${describe(req)} failed`, instance.package));
          } else {
            if (secret) this.o.secrets.remember(outcome);
            const result = { value: outcome, secret };
            if (!entry.updated) entry.settled = result;
            resolve(result);
          }
        };
        let out: unknown;
        try {
          out = def.resolve(req.value, ctx);
        } catch (error) {
          settle(false, error);
          return;
        }
        if (!isThenable(out)) {
          settle(true, out);
          return;
        }
        const timeoutMs = def.timeoutMs ?? this.o.timeoutMs;
        timer = setTimeout(() => {
          const error = new ConfigError(
            ConfigErrorCodes.RESOLVER_TIMEOUT,
            `the ${describe(req)} did not answer within ${timeoutMs} ms. Check the resolver's backend, or raise resolverTimeoutMs (or the resolver's timeoutMs).`,
            { ...req.locate(), prefix: req.prefix, package: instance.package },
          );
          abortEntry(entry, error);
          settle(false, error);
        }, timeoutMs);
        out.then(
          (value) => settle(true, value),
          (error: unknown) => settle(false, error),
        );
      });
    });
  }

  /** Keep coded config errors (adding where they happened), wrap anything else. */
  private wrap(error: unknown, req: RefRequest, what: string, pkg?: string): ConfigError {
    const loc = req.locate();
    // every cause in the chain is scrubbed: console.error and util.inspect print `[cause]` too
    const cause = scrubError(error, this.o.secrets);
    if (error instanceof ConfigError && error.code.startsWith('PB_CONFIG_')) {
      if (error.key !== undefined) return cause === error ? error : scrubConfigError(error, this.o.secrets);
      const message = this.o.secrets.scrub(error.message.replace(/^@plugboard\/config: /, ''));
      return new ConfigError(error.code as ConfigErrorCode, `${message.replace(/\.$/, '')}${where(loc)}.`, {
        ...loc,
        prefix: req.prefix,
        package: pkg ?? error.package,
        ...(error.details ? { details: error.details } : {}),
        cause,
      });
    }
    if (isPlugboardError(error)) {
      return new ConfigError(
        ConfigErrorCodes.RESOLVER_FAILED,
        `${what}: ${this.o.secrets.scrub(error.message)}`,
        {
          ...loc,
          prefix: req.prefix,
          package: pkg,
          cause,
        },
      );
    }
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return new ConfigError(
      ConfigErrorCodes.RESOLVER_FAILED,
      `${what}: ${this.o.secrets.scrub(reason ?? '')}. Fix the reference or the resolver's backend.`,
      { ...loc, prefix: req.prefix, package: pkg, cause },
    );
  }
}
