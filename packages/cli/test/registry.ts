import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** verdaccio's CLI: a devDependency of @plugboard/cli, so `pnpm install` always brings it. */
export function findVerdaccio(): string {
  return join(dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')), 'bin', 'verdaccio');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface LocalRegistry {
  url: string;
  /** A .npmrc pointing at the registry, with a token line so `npm publish` works. */
  npmrc: string;
  /** env for npm and the CLI: this registry, this npmrc, a private cache. */
  env: NodeJS.ProcessEnv;
  publish(dir: string): void;
  stop(): Promise<void>;
}

/** Start verdaccio on 127.0.0.1 (no uplinks: nothing leaves the machine) in `home`. */
export async function startRegistry(bin: string, home: string): Promise<LocalRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(join(home, 'storage'), { recursive: true });
  const config = join(home, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(home, 'storage')}`,
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $all',
      '    unpublish: $all',
      'middlewares:',
      '  audit:',
      '    enabled: false',
      'log: { type: stdout, format: pretty, level: error }',
      '',
    ].join('\n'),
  );
  const npmrc = join(home, '.npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=test-token\n`);
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
  );
  Object.assign(env, {
    npm_config_userconfig: npmrc,
    npm_config_registry: url,
    npm_config_cache: join(home, 'npm-cache'),
    npm_config_update_notifier: 'false',
  });
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: 'ignore',
      env,
    },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${url}-/ping`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('verdaccio did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    npmrc,
    env,
    publish(dir) {
      const r = spawnSync('npm', ['publish', '--registry', url, '--loglevel=error'], {
        cwd: dir,
        env,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`npm publish ${dir} failed: ${r.stderr}`);
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** Write a package folder to publish: package.json plus files. */
export function writePackage(
  dir: string,
  json: Record<string, unknown>,
  files: Record<string, string> = {},
): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', ...json }, null, 2));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}
