import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, stopProcess, type TestServer, tcpExchange, waitUntilReady } from './process.js';
import { ensureDebianPackages, freePort, hasCommand } from './system.js';

export interface StartRedisOptions {
  /** Port on 127.0.0.1; default a free one. */
  port?: number;
}

/**
 * Start a real redis-server on 127.0.0.1 with its own temp folder and no
 * persistence, installing Debian's `redis-server` first when it is missing.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<TestServer> {
  ensureDebianPackages(['redis-server'], () => hasCommand('redis-server'));
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  const { child, output } = startProcess('redis-server', args);
  await waitUntilReady('redis-server', child, output, async () =>
    (await tcpExchange(port, 'PING\r\n')).startsWith('+PONG'),
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    dir,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
