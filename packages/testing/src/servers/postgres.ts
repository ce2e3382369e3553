import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, stopProcess, type TestServer, tcpExchange, waitUntilReady } from './process.js';
import { ensureDebianPackages, freePort, postgresBinDir } from './system.js';

export interface StartPostgresOptions {
  port?: number;
}

/** Postgres refuses to run as root: as root, run its binaries as Debian's `postgres` user. */
function asServerUser(): {
  wrap: (cmd: string, args: string[]) => [string, string[]];
  uid?: number;
  gid?: number;
} {
  if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args] };
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]], uid, gid };
}

/**
 * Start a real PostgreSQL server on 127.0.0.1 in a fresh temp cluster (trust
 * auth, user `postgres`), installing Debian's `postgresql` first when missing.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestServer> {
  ensureDebianPackages(['postgresql'], () => postgresBinDir() !== undefined);
  const bin = postgresBinDir()!;
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-pg-'));
  const user = asServerUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const [initCmd, initArgs] = user.wrap(`${bin}/initdb`, [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const [cmd, args] = user.wrap(`${bin}/postgres`, [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const { child, output } = startProcess(cmd, args);
  // An SSLRequest packet: any server that answers it ('N' or 'S') accepts connections.
  const sslRequest = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);
  await waitUntilReady('postgres', child, output, async () => {
    if (!/ready to accept connections/.test(output())) return false;
    return /^[NS]/.test(await tcpExchange(port, sslRequest));
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    host: '127.0.0.1',
    port,
    dir,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
