import { createConfigFixture, nextEvent, waitUntil } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { type ConfigError, createConfig } from '../src/index.js';

const watchers = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;

describe('the config watcher', () => {
  it('survives bursts of atomic saves (temp file renamed over the config), merging each burst', async () => {
    const before = watchers();
    await using fx = createConfigFixture({ files: { 'config.yaml': 'n: 0\n' } });
    const host = await fx.start((o) =>
      createConfig({ ...o, plugins: false, file: 'config.yaml', watch: { debounceMs: 40 } }),
    );
    const refreshes: unknown[] = [];
    host.subscribe('n', (c) => refreshes.push(c.value.n));
    let n = 0;
    for (let round = 1; round <= 4; round++) {
      const start = refreshes.length;
      // a burst: saves closer together than the debounce, the way an editor or deploy script writes
      for (let i = 0; i < 15; i++) {
        fx.saveAtomic('config.yaml', `n: ${++n}\n`);
        await new Promise((r) => setTimeout(r, 2));
      }
      await waitUntil(() => host.value.n === n, { message: `round ${round} to reach n = ${n}` });
      expect(refreshes.length - start).toBeLessThan(15);
    }
    expect(fx.logs.error).toEqual([]);
    expect(watchers()).toBe(before + 1);
    await host.close();
    // handles close on the next turn of the event loop
    await waitUntil(() => watchers() === before, { message: 'the folder watch to be closed' });
  });

  it('sees an environment overlay created after start, and keeps the last good config on a bad save', async () => {
    await using fx = createConfigFixture({ files: { 'config.yaml': 'a: 1\nb: 1\n' } });
    const host = await fx.start((o) =>
      createConfig({ ...o, plugins: false, file: 'config.yaml', env: 'prod', watch: { debounceMs: 20 } }),
    );
    fx.saveAtomic('config.prod.yaml', 'b: 2\n');
    await waitUntil(() => host.value.b === 2);
    const error = nextEvent<ConfigError>((l) => host.onError(l));
    fx.saveAtomic('config.yaml', 'a: [broken\n');
    expect((await error).code).toBe('PB_CONFIG_PARSE');
    expect(host.value).toEqual({ a: 1, b: 2 });
    fx.saveAtomic('config.yaml', 'a: 3\n');
    await waitUntil(() => host.value.a === 3);
  });

  it('reports a watch that cannot be set up through onError (or the logger), as PB_CONFIG_WATCH_FAILED', async () => {
    await using fx = createConfigFixture({ files: { 'config.yaml': 'a: 1\n' } });
    const host = await fx.start((o) =>
      createConfig({
        ...o,
        plugins: false,
        file: 'config.yaml',
        sources: [{ file: 'no-such-folder/extra.yaml', optional: true }],
        watch: true,
      }),
    );
    expect(fx.logs.error).toEqual([
      `@plugboard/config: stopped watching ${fx.path('no-such-folder')} for config changes (ENOENT); changes are seen on reload() only. Check that the folder exists and that the system's inotify watch limit is not reached. (keeping the last good config)`,
    ]);
    // the rest still works
    fx.saveAtomic('config.yaml', 'a: 2\n');
    await waitUntil(() => host.value.a === 2);
  });
});
