import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

/** Whether `bin` is on PATH. */
export function hasCommand(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Install Debian packages when `present()` says they are missing. Test files run in
 * parallel workers, so apt runs under one lock; a worker that waited re-checks first.
 */
export function ensureDebianPackages(packages: string[], present: () => boolean): void {
  if (present()) return;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  const script = `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq ${packages.join(' ')}`;
  try {
    execFileSync('flock', ['/tmp/plugboard-apt.lock', 'sh', '-c', script], {
      stdio: 'pipe',
      timeout: 600_000,
    });
  } catch (error) {
    if (present()) return; // another worker installed it meanwhile
    throw new Error(
      `@plugboard/testing: could not install ${packages.join(', ')} with apt-get; install them by hand (apt-get install -y ${packages.join(' ')}).`,
      { cause: error },
    );
  }
}

/** The newest PostgreSQL server binaries folder Debian installed, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(`${root}/${v}/bin/initdb`))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? `${root}/${versions[0]}/bin` : undefined;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; we release it for the server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
