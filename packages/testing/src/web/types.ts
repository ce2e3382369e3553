import type { InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * The parts of @plugboard/web's host the harness uses, written out here so this
 * package needs @plugboard/web only at run time (an optional peer), never to build.
 */
export interface HarnessHost {
  readonly app: { inject(options: InjectOptions | string): Promise<LightMyRequestResponse> };
  listen(options?: { port?: number; host?: string }): Promise<string>;
  start(): Promise<{
    ok: boolean;
    plugins: { id: string; state: string; error?: { code: string; message: string } }[];
  }>;
  enable(name: string): Promise<void>;
  disable(name: string): Promise<void>;
  state(name: string): string | undefined;
  plugins(): { name: string; state: string; error?: { code: string; message: string } | undefined }[];
  publish(topic: string, payload?: unknown): Promise<void>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A plugin object, optionally with the package.json whose `plugboard.web` metadata it ships with. */
export type TestPlugin = object | { plugin: object; packageJson: string | URL };

export interface CreateTestAppOptions {
  plugins?: TestPlugin[];
  /** Configuration per plugin, written as `<plugin>.json` into a temp config folder. */
  config?: Record<string, Record<string, unknown>>;
  /** Environment for `<PLUGIN>__KEY` overrides (default empty: the test's own env does not leak in). */
  env?: Record<string, string | undefined>;
  /** Admin token; default `test-admin-token`. */
  adminToken?: string;
  /** Postgres instead of the temp embedded store. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Per-hook timeout (default 5 s, so a hanging hook fails a test quickly). */
  timeoutMs?: number;
  /** Any other host option, passed through to `createWebHost`. */
  hostOptions?: Record<string, unknown>;
}

export type { InjectOptions, LightMyRequestResponse };
