import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  CreateTestAppOptions,
  HarnessHost,
  InjectOptions,
  LightMyRequestResponse,
  TestPlugin,
} from './types.js';

// A variable specifier: TypeScript does not resolve it, so building this package needs no @plugboard/web.
const WEB = '@plugboard/web';

type WebModule = { createWebHost(options: Record<string, unknown>): HarnessHost };

async function loadWeb(): Promise<WebModule> {
  try {
    return await import(WEB);
  } catch (first) {
    // Linked or pnpm-strict installs resolve from this package's real folder, where the peer
    // may not be visible; the project under test (cwd) always has it.
    try {
      const path = createRequire(join(process.cwd(), 'package.json')).resolve(WEB);
      return await import(pathToFileURL(path).href);
    } catch {}
    const error = first;
    throw new Error(
      '@plugboard/testing/web: could not import @plugboard/web; install it next to @plugboard/testing (npm install -D @plugboard/web).',
      { cause: error },
    );
  }
}

/** A plugin object with the `plugboard.web` metadata (and permissions) of its package.json, as discovery would read it. */
export function withManifest(plugin: object, packageJson: string | URL): object {
  const file = typeof packageJson === 'string' ? packageJson : fileURLToPath(packageJson);
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
    version?: string;
    plugboard?: { web?: Record<string, unknown>; permissions?: string[]; requires?: Record<string, string> };
  };
  const web = pkg.plugboard?.web ?? {};
  const permissions = [
    ...new Set([...((web.permissions as string[] | undefined) ?? []), ...(pkg.plugboard?.permissions ?? [])]),
  ];
  const dependencies = {
    ...pkg.plugboard?.requires,
    ...(web.dependencies as Record<string, string> | undefined),
  };
  return {
    ...plugin,
    version: pkg.version,
    meta: { ...web, permissions, ...(Object.keys(dependencies).length ? { dependencies } : {}) },
  };
}

const asPlugin = (p: TestPlugin) =>
  'plugin' in p && 'packageJson' in p ? withManifest(p.plugin, p.packageJson) : p;

/** The guide's test client: `inject` plus JSON shortcuts. */
export interface TestApp {
  readonly host: HarnessHost;
  /** Temp folder with the embedded store and config files; removed by `close()`. */
  readonly dir: string;
  readonly adminToken: string;
  /** Add a plugin before the app starts (the guide's `load_plugin`). */
  loadPlugin(plugin: TestPlugin): TestApp;
  /** Start the host now (the first request does it otherwise); resolves with core's start report. */
  start(): ReturnType<HarnessHost['start']>;
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** Listen on a free loopback port (for websocket clients and browsers); resolves with the base URL. */
  listen(): Promise<string>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  /** A request to the admin API with the token. */
  admin(method: 'GET' | 'POST', path: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The guide's `create_test_app`: a web host on a temp embedded database (or
 * the Postgres/Redis you pass), discovering nothing but the plugins you load.
 */
export function createTestApp(options: CreateTestAppOptions = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-web-test-'));
  const configDir = join(dir, 'config');
  mkdirSync(configDir);
  for (const [name, value] of Object.entries(options.config ?? {}))
    writeFileSync(join(configDir, `${name}.json`), JSON.stringify(value));
  const plugins: object[] = (options.plugins ?? []).map(asPlugin);
  const adminToken = options.adminToken ?? 'test-admin-token';
  let host: HarnessHost | undefined;
  let starting: ReturnType<HarnessHost['start']> | undefined;
  let listening: Promise<string> | undefined;
  const ready = async () => {
    if (!host) {
      const { createWebHost } = await loadWeb();
      host = createWebHost({
        cwd: dir,
        dataDir: join(dir, 'data'),
        configDir,
        sources: { dependencies: false },
        cache: false,
        env: options.env ?? {},
        plugins,
        admin: { token: adminToken },
        timeoutMs: options.timeoutMs ?? 5_000,
        ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
        ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
        ...options.hostOptions,
      });
    }
    starting ??= host.start();
    await starting;
    return host;
  };
  const json = (method: InjectOptions['method'], url: string, body?: unknown) =>
    app.inject({ method, url, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
  const app: TestApp = {
    get host() {
      if (!host)
        throw new Error(
          '@plugboard/testing/web: the app has not started; await app.start() or make a request first.',
        );
      return host;
    },
    dir,
    adminToken,
    loadPlugin(plugin) {
      if (host)
        throw new Error(
          '@plugboard/testing/web: loadPlugin() after the app started; load every plugin before the first request.',
        );
      plugins.push(asPlugin(plugin));
      return app;
    },
    start: async () => {
      await ready();
      return starting!;
    },
    inject: async (o) => (await ready()).app.inject(o),
    async listen() {
      listening ??= (await ready()).listen({ port: 0, host: '127.0.0.1' });
      return listening;
    },
    get: (url) => json('GET', url),
    post: (url, body) => json('POST', url, body ?? {}),
    put: (url, body) => json('PUT', url, body ?? {}),
    delete: (url) => json('DELETE', url),
    admin: (method, path) =>
      app.inject({ method, url: `/admin/api${path}`, headers: { authorization: `Bearer ${adminToken}` } }),
    async close() {
      try {
        await host?.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return app;
}
