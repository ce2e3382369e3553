import type { FastifyBaseLogger } from 'fastify';
import type { WebEvent } from '../types.js';
import { matchTopic } from './match.js';

/** Carries events between host instances; the memory transport is this process alone. */
export interface EventTransport {
  /** Send an event to the other instances (this instance delivers its own events locally). */
  send(event: WebEvent): Promise<void>;
  /** Start receiving the other instances' events. */
  listen(deliver: (event: WebEvent) => void): Promise<void>;
  close(): Promise<void>;
}

interface Subscription {
  plugin: string;
  pattern: string;
  handler: (event: WebEvent) => void | Promise<void>;
}

/** Per-plugin counters the admin API shows. */
export interface EventStats {
  published: number;
  delivered: number;
  failed: number;
}

export interface EventBusOptions {
  instance: string;
  transport?: EventTransport;
  log: FastifyBaseLogger;
  /** Whether a plugin's subscriptions should receive events now (false while disabled). */
  active(plugin: string): boolean;
}

/**
 * The host's event bus. Each handler runs on its own: a throw or rejection is
 * logged and counted against the subscriber, and never reaches the publisher
 * or the other subscribers.
 */
export class EventBus {
  private readonly subs = new Set<Subscription>();
  readonly stats = new Map<string, EventStats>();
  private pending = new Set<Promise<void>>();

  constructor(private readonly options: EventBusOptions) {}

  async start(): Promise<void> {
    await this.options.transport?.listen((event) => this.deliver(event));
  }

  subscribe(plugin: string, pattern: string, handler: Subscription['handler']): () => void {
    const sub = { plugin, pattern, handler };
    this.subs.add(sub);
    return () => this.subs.delete(sub);
  }

  /** Remove every subscription of a plugin (on shutdown). */
  drop(plugin: string): void {
    for (const sub of this.subs) if (sub.plugin === plugin) this.subs.delete(sub);
  }

  async publish(source: string, topic: string, payload: unknown): Promise<void> {
    const event: WebEvent = { topic, payload, source, instance: this.options.instance, at: Date.now() };
    this.count(source).published++;
    this.deliver(event);
    await this.options.transport?.send(event);
  }

  /** Wait for handlers still running (tests, graceful shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    await this.settle();
    await this.options.transport?.close();
  }

  private deliver(event: WebEvent): void {
    for (const sub of this.subs) {
      if (!matchTopic(sub.pattern, event.topic) || !this.options.active(sub.plugin)) continue;
      const run = this.invoke(sub, event);
      this.pending.add(run);
      void run.finally(() => this.pending.delete(run));
    }
  }

  private async invoke(sub: Subscription, event: WebEvent): Promise<void> {
    const stats = this.count(sub.plugin);
    try {
      await sub.handler(event);
      stats.delivered++;
    } catch (error) {
      stats.failed++;
      this.options.log.error(
        { err: error, plugin: sub.plugin, topic: event.topic },
        `@plugboard/web: plugin "${sub.plugin}" failed handling event "${event.topic}"; the other subscribers were not affected.`,
      );
    }
  }

  private count(plugin: string): EventStats {
    let s = this.stats.get(plugin);
    if (!s) {
      s = { published: 0, delivered: 0, failed: 0 };
      this.stats.set(plugin, s);
    }
    return s;
  }
}
