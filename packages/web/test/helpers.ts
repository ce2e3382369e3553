import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type CreateWebHostOptions, createWebHost, type WebHost } from '../src/index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A temp folder removed after the test. */
export function tempDir(prefix = 'pb-web-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A started host on temp storage, discovering nothing but the plugins given; closed after the test. */
export async function startHost(options: CreateWebHostOptions = {}): Promise<WebHost> {
  const dir = tempDir();
  const host = createWebHost({
    cwd: dir,
    dataDir: join(dir, 'data'),
    sources: { dependencies: false },
    cache: false,
    env: {},
    ...options,
  });
  cleanups.push(() => host.close());
  await host.start();
  return host;
}
