import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startProcess, stopProcess, type TestServer, waitUntilReady } from './process.js';
import { freePort } from './system.js';

export interface StartRegistryOptions {
  /** Folder whose dependencies include verdaccio (6.8.0); default the current directory. */
  from?: string;
}

export interface TestRegistry extends TestServer {
  /** A .npmrc naming this registry, with a token line so `npm publish` works. */
  npmrc: string;
  /** Environment for npm and pnpm: this registry and npmrc, a private cache, no inherited npm_* settings. */
  env: NodeJS.ProcessEnv;
  /** `npm publish` a package folder to this registry; throws with npm's own output on failure. */
  publish(dir: string, args?: string[]): void;
  /** Run npm with this registry's environment. */
  npm(args: string[], cwd: string): SpawnSyncReturns<string>;
}

/**
 * Start a real npm registry (verdaccio) on 127.0.0.1 with no uplinks, so nothing
 * leaves the machine, and anyone may publish. Storage lives in a temp folder.
 */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const require = createRequire(join(options.from ?? process.cwd(), 'noop.js'));
  let bin: string;
  try {
    bin = join(dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
  } catch (error) {
    throw new Error(
      '@plugboard/testing: startRegistry needs verdaccio; add "verdaccio": "6.8.0" to devDependencies.',
      {
        cause: error,
      },
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-registry-'));
  mkdirSync(join(dir, 'storage'));
  const config = join(dir, 'config.yaml');
  const yaml = [
    `storage: ${join(dir, 'storage')}`,
    'uplinks: {}',
    'packages:',
    "  '**': { access: $all, publish: $all, unpublish: $all }",
    'middlewares: { audit: { enabled: false } }',
    'max_body_size: 100mb',
    'log: { type: stdout, format: pretty, level: error }',
  ];
  writeFileSync(config, `${yaml.join('\n')}\n`);
  const npmrc = join(dir, '.npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=test-token\n`);
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
  );
  Object.assign(env, {
    npm_config_userconfig: npmrc,
    npm_config_registry: url,
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  });
  const { child, output } = startProcess(
    process.execPath,
    [bin, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      env,
    },
  );
  await waitUntilReady('verdaccio', child, output, async () => (await fetch(`${url}-/ping`)).ok, 60_000);
  const npm = (args: string[], cwd: string) =>
    spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  return {
    url,
    host: '127.0.0.1',
    port,
    dir,
    npmrc,
    env,
    npm,
    publish(pkgDir, args = []) {
      const r = npm(['publish', '--registry', url, '--loglevel=error', ...args], pkgDir);
      if (r.status !== 0) throw new Error(`npm publish in ${pkgDir} failed:\n${r.stdout}${r.stderr}`);
    },
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
