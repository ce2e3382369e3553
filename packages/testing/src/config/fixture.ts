import { type ConfigFolder, type ConfigFolderOptions, createConfigFolder } from './folder.js';

/** A logger that records every line (the shape @plugboard/config's `logger` option takes). */
export interface RecordingLogger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

/** What a fixture hands to `createConfig`: the folder as `cwd`, its own environment and logger. */
export interface ConfigFixtureDefaults {
  cwd: string;
  environment: Record<string, string | undefined>;
  logger: RecordingLogger;
}

export interface ConfigFixtureOptions extends ConfigFolderOptions {
  /** The environment the host sees instead of `process.env` (ENV references, `APP__A__B` overrides). */
  env?: Record<string, string | undefined>;
}

export interface ConfigFixture extends Omit<ConfigFolder, typeof Symbol.dispose> {
  /** The environment given to hosts; change it before a `reload()` to test overrides. */
  readonly env: Record<string, string | undefined>;
  readonly logger: RecordingLogger;
  /** Every logged line by level, messages only. */
  readonly logs: { debug: string[]; info: string[]; warn: string[]; error: string[] };
  /** The defaults alone, for a `loadConfig({ ...fixture.defaults, file })` that needs no closing. */
  readonly defaults: ConfigFixtureDefaults;
  /**
   * Start a host over this folder: `start((o) => createConfig({ ...o, file: 'config.yaml' }))`.
   * The host keeps its own types; it is closed when the fixture is disposed.
   */
  start<H extends { close(): Promise<void> }>(
    create: (defaults: ConfigFixtureDefaults) => Promise<H>,
  ): Promise<H>;
  /** Close every host started here, then remove the folder. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A config host's world in a temp folder: files, an environment and a
 * recording logger. The fixture does not import @plugboard/config; the test
 * calls `createConfig` itself inside `start()`, so the host keeps its types.
 *
 * ```ts
 * await using fx = createConfigFixture({ files: { 'config.yaml': 'port: ENV:///PORT\n' }, env: { PORT: '8080' } });
 * const host = await fx.start((o) => createConfig({ ...o, file: 'config.yaml', plugins: false }));
 * ```
 */
export function createConfigFixture(options: ConfigFixtureOptions = {}): ConfigFixture {
  const folder = createConfigFolder(options);
  const env: Record<string, string | undefined> = { ...(options.env ?? {}) };
  const logs = { debug: [] as string[], info: [] as string[], warn: [] as string[], error: [] as string[] };
  const logger: RecordingLogger = {
    debug: (m) => void logs.debug.push(m),
    info: (m) => void logs.info.push(m),
    warn: (m) => void logs.warn.push(m),
    error: (m) => void logs.error.push(m),
  };
  const defaults: ConfigFixtureDefaults = { cwd: folder.root, environment: env, logger };
  const hosts: Array<{ close(): Promise<void> }> = [];
  const fixture: ConfigFixture = {
    root: folder.root,
    path: folder.path,
    write: folder.write,
    saveAtomic: folder.saveAtomic,
    remove: folder.remove,
    cleanup: folder.cleanup,
    env,
    logger,
    logs,
    defaults,
    async start(create) {
      const host = await create(defaults);
      hosts.push(host);
      return host;
    },
    async close() {
      for (const host of hosts.splice(0).reverse()) await host.close();
      folder.cleanup();
    },
    [Symbol.asyncDispose]: () => fixture.close(),
  };
  return fixture;
}
