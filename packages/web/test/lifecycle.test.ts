import { describe, expect, it } from 'vitest';
import { createWebHost, defineWebPlugin } from '../src/index.js';
import { startHost, tempDir } from './helpers.js';

function recorder(name: string, log: string[], extra: Partial<Parameters<typeof defineWebPlugin>[0]> = {}) {
  return defineWebPlugin({
    name,
    load: () => void log.push(`${name}:load`),
    initialize: () => void log.push(`${name}:initialize`),
    enable: () => void log.push(`${name}:enable`),
    disable: () => void log.push(`${name}:disable`),
    shutdown: () => void log.push(`${name}:shutdown`),
    unload: () => void log.push(`${name}:unload`),
    error: (f) => void log.push(`${name}:error:${f.code}`),
    ...extra,
  });
}

describe('lifecycle hooks on core’s lifecycle', () => {
  it('runs load → initialize → enable, then disable → shutdown → unload in reverse order', async () => {
    const log: string[] = [];
    const host = createWebHost({
      cwd: tempDir(),
      sources: { dependencies: false },
      cache: false,
      env: {},
      dataDir: tempDir(),
      plugins: [recorder('b', log, { meta: { dependencies: { a: '*' } } }), recorder('a', log)],
    });
    await host.start();
    expect(log).toEqual(['a:load', 'a:initialize', 'a:enable', 'b:load', 'b:initialize', 'b:enable']);
    log.length = 0;
    await host.close();
    expect(log).toEqual(['b:disable', 'b:shutdown', 'b:unload', 'a:disable', 'a:shutdown', 'a:unload']);
  });

  it('tells the error hook, and skips dependents of a failed plugin with the reason', async () => {
    const log: string[] = [];
    const host = await startHost({
      plugins: [
        recorder('base', log, { initialize: () => Promise.reject(new Error('cannot connect')) }),
        recorder('dependent', log, { meta: { dependencies: { base: '*' } } }),
      ],
    });
    expect(log).toContain('base:error:PB_HOOK_FAILED');
    expect(host.state('dependent')).toBe('skipped');
    expect(host.plugins().find((p) => p.name === 'dependent')?.error?.message).toMatch(/base/);
  });

  it('drains an in-flight request on close before stopping plugins', async () => {
    const log: string[] = [];
    let release!: () => void;
    const slow = recorder('slow', log, {
      routes: (app) =>
        void app.get('/wait', async () => {
          log.push('request:start');
          await new Promise<void>((r) => (release = r));
          log.push('request:end');
          return 'done';
        }),
    });
    const host = createWebHost({
      cwd: tempDir(),
      sources: { dependencies: false },
      cache: false,
      env: {},
      dataDir: tempDir(),
      plugins: [slow],
    });
    const address = await host.listen();
    const pending = fetch(`${address}/api/slow/wait`).then((r) => r.text());
    await expect.poll(() => log.includes('request:start')).toBe(true);
    const closed = host.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(log).not.toContain('slow:shutdown');
    release();
    expect(await pending).toBe('done');
    await closed;
    expect(log.slice(-4)).toEqual(['request:end', 'slow:disable', 'slow:shutdown', 'slow:unload']);
  });
});
