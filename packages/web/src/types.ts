/// <reference types="@fastify/websocket" preserve="true" />
// Route options gain `websocket: true` for plugin authors through the reference above.
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { WebMetaInput, WebPermission } from './meta.js';

export type { WebMeta, WebMetaInput, WebPermission } from './meta.js';

/** Any JSON-ish payload carried by the event bus. */
export type EventPayload = unknown;

/** One delivered event. */
export interface WebEvent<P = EventPayload> {
  topic: string;
  payload: P;
  /** The plugin that published it. */
  source: string;
  /** The host instance that published it (differs from this one when it came over Redis). */
  instance: string;
  at: number;
}

export type EventHandler<C extends object = Record<string, unknown>> = (
  event: WebEvent,
  ctx: WebContext<C>,
) => void | Promise<void>;

/** Publish and subscribe; topics are dot-separated, patterns may use `*` (one segment) and `**` (the rest). */
export interface PluginEvents {
  publish(topic: string, payload?: EventPayload): Promise<void>;
  /** Returns a function that removes the subscription. Subscriptions pause while the plugin is disabled. */
  subscribe(pattern: string, handler: (event: WebEvent) => void | Promise<void>): () => void;
}

/** Named services one plugin provides and others consume. */
export interface PluginServices {
  provide<S extends object>(name: string, service: S): void;
  /** The service, or PB_WEB_SERVICE_MISSING when nobody provides it. */
  get<S extends object = Record<string, unknown>>(name: string): S;
  has(name: string): boolean;
}

/** Cache with TTL, namespaced per plugin; memory by default, Redis when the host has one. */
export interface PluginCache {
  get<V = unknown>(key: string): Promise<V | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Delete every key of this plugin starting with `prefix` (all of them without one). */
  invalidate(prefix?: string): Promise<void>;
}

/** A cron expression (croner syntax, seconds allowed) or a fixed interval. */
export type TaskSchedule = { cron: string } | { everyMs: number };

export interface TaskDefinition<C extends object = Record<string, unknown>> {
  schedule: TaskSchedule;
  run(ctx: WebContext<C>, tick: { at: number; signal: AbortSignal }): void | Promise<void>;
}

export interface PluginTasks {
  /** Add a task at run time (same as `tasks` in the definition); it runs while the plugin is enabled. */
  schedule(name: string, task: TaskDefinition<Record<string, unknown>>): void;
  list(): string[];
}

/** The plugin's own database namespace (a libsql file, or a Postgres schema). */
export interface PluginStorage {
  // biome-ignore lint/suspicious/noExplicitAny: each plugin declares its own tables; Kysely<YourDb> via `as`
  readonly db: Kysely<any>;
  /** `sqlite` (embedded libsql) or `postgres`. */
  readonly dialect: 'sqlite' | 'postgres';
  // biome-ignore lint/suspicious/noExplicitAny: see `db`
  transaction<R>(fn: (trx: Transaction<any>) => Promise<R>): Promise<R>;
}

export interface StorageMigration {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run on the plugin's own, untyped namespace
  up(db: Kysely<any>): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: see `up`
  down?(db: Kysely<any>): Promise<void>;
}

export interface StorageDefinition {
  /** Applied in name order (`001-init`, `002-index`…), once per database. */
  migrations: Record<string, StorageMigration>;
  /** Initial data: runs once, right after the first migrations were applied to an empty namespace. */
  // biome-ignore lint/suspicious/noExplicitAny: see `StorageMigration`
  seed?(db: Kysely<any>): Promise<void>;
}

export interface HealthResult {
  ok: boolean;
  detail?: unknown;
}

/** What every hook and route of a plugin sees. Capabilities throw PB_PERMISSION_DENIED unless declared. */
export interface WebContext<C extends object = Record<string, unknown>> {
  readonly name: string;
  readonly version: string;
  /** Validated configuration: manifest defaults < `<dir>/<plugin>.yaml` < `<PLUGIN>__KEY` env vars. */
  readonly config: Readonly<C>;
  readonly log: FastifyBaseLogger;
  readonly permissions: readonly WebPermission[];
  readonly storage: PluginStorage;
  readonly events: PluginEvents;
  readonly services: PluginServices;
  readonly tasks: PluginTasks;
  readonly cache: PluginCache;
  /** Aborted when the plugin is shut down. */
  readonly signal: AbortSignal;
}

/** What `load` sees: the plugin is imported, its configuration not loaded yet. */
export interface LoadContext {
  readonly name: string;
  readonly log: FastifyBaseLogger;
  readonly signal: AbortSignal;
}

/** A failure the `error` hook hears about. */
export interface PluginFailure {
  code: string;
  message: string;
}

/**
 * A web plugin: what `defineWebPlugin()` returns and an entry point in the `web` group exports.
 * Hooks follow the Nexus guide; each runs with the host's timeout.
 */
export interface WebPlugin<C extends object = Record<string, unknown>> {
  /** Must equal the entry point name; lower-case letters, digits and "-". */
  name: string;
  version?: string;
  /**
   * Static metadata for plugins passed as objects. Discovered plugins keep it in
   * package.json `plugboard.web`, where the dashboard reads it without importing code.
   */
  meta?: WebMetaInput;
  /** Typed validation of the configuration (any Standard Schema), after the manifest's JSON Schema. */
  configSchema?: StandardSchemaV1<unknown, C>;
  /** Register routes on the plugin's own encapsulated Fastify context (prefix `/api/<name>`). */
  routes?(app: FastifyInstance, ctx: WebContext<C>): void | Promise<void>;
  /** Event subscriptions, active while the plugin is enabled (needs `events.subscribe`). */
  events?: Record<string, EventHandler<C>>;
  /** Scheduled tasks, running while the plugin is enabled (needs `tasks`). */
  tasks?: Record<string, TaskDefinition<C>>;
  /** Storage namespace with migrations (needs `storage`). */
  storage?: StorageDefinition;
  /** The plugin's own health check, served at its `health.path` and folded into `/health`. */
  health?(ctx: WebContext<C>): HealthResult | boolean | Promise<HealthResult | boolean>;
  /** After import, before configuration (guide: `load`). */
  load?(ctx: LoadContext): void | Promise<void>;
  /** Extra checks of the validated configuration; return or throw a message to fail (guide: `validate`). */
  validate?(config: C): string | undefined | Promise<string | undefined>;
  /** Connect, provide services, read others' (guide: `initialize`); routes are registered after it. */
  initialize?(ctx: WebContext<C>): void | Promise<void>;
  enable?(ctx: WebContext<C>): void | Promise<void>;
  disable?(ctx: WebContext<C>): void | Promise<void>;
  /** Release what `initialize` acquired (guide: `shutdown`). */
  shutdown?(ctx: WebContext<C>): void | Promise<void>;
  unload?(ctx: LoadContext): void | Promise<void>;
  /** Told when any step of this plugin failed (guide: `error`); must not throw. */
  error?(failure: PluginFailure, ctx: LoadContext): void;
}

// biome-ignore lint/suspicious/noExplicitAny: a host holds plugins of any config type
export type AnyWebPlugin = WebPlugin<any>;
