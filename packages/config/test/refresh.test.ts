import { createConfigFolder, waitUntil } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ConfigChange, type ConfigError, createConfig, defineResolver } from '../src/index.js';
import { quiet } from './helpers.js';

function pushable(prefix: string, initial: Record<string, unknown>) {
  const updates = new Map<string, (v: unknown) => void>();
  let signal: AbortSignal | undefined;
  const resolver = defineResolver({
    prefix,
    resolve(value, ctx) {
      updates.set(value, ctx.onUpdate);
      signal = ctx.signal;
      return initial[value];
    },
  });
  return { resolver, push: (k: string, v: unknown) => updates.get(k)!(v), signal: () => signal };
}

describe('live refresh', () => {
  it('onUpdate re-derives interpolations, validates and notifies by pattern', async () => {
    const remote = pushable('REMOTE', { host: 'a.local', flag: 'on' });
    const schema = z.object({
      db: z.object({ host: z.string().min(1), url: z.string() }),
      other: z.string(),
    });
    const host = await createConfig({
      plugins: false,
      logger: quiet,
      environment: {},
      resolvers: [remote.resolver],
      schema,
      defaults: { db: { host: 'REMOTE:///host', url: 'pg://{{ db.host }}/x' }, other: 'REMOTE:///flag' },
    });
    const dbChanges: ConfigChange<typeof host.value>[] = [];
    const otherChanges: string[][] = [];
    const errors: ConfigError[] = [];
    host.subscribe('db.*', (c) => dbChanges.push(c));
    host.subscribe('other', (c) => otherChanges.push(c.keys));
    host.onError((e) => errors.push(e));
    const before = host.value;

    remote.push('host', 'b.local');
    await waitUntil(() => dbChanges.length === 1);
    expect(dbChanges[0]!.keys).toEqual(['db.host', 'db.url']);
    expect(host.value.db.url).toBe('pg://b.local/x');
    expect(dbChanges[0]!.previous).toBe(before);
    expect(before.db.url).toBe('pg://a.local/x');
    expect(otherChanges).toEqual([]);

    // an invalid update keeps the last good config
    remote.push('host', '');
    await waitUntil(() => errors.length === 1);
    expect(errors[0]!.code).toBe('PB_CONFIG_SCHEMA');
    expect(host.value.db.host).toBe('b.local');

    await host.close();
    expect(remote.signal()?.aborted).toBe(true);
  });

  it('a changed file is re-read (debounced) and swapped in', async () => {
    using dir = createConfigFolder({ files: { 'config.yaml': 'port: 1\nname: x\n' } });
    const host = await createConfig({
      plugins: false,
      logger: quiet,
      environment: {},
      file: dir.path('config.yaml'),
      watch: { debounceMs: 30 },
    });
    const seen: unknown[] = [];
    host.subscribe('port', (c) => seen.push(c.value.port));
    await new Promise((r) => setTimeout(r, 200));
    dir.write('config.yaml', 'port: 2\nname: x\n');
    await waitUntil(() => seen.length === 1);
    expect(seen).toEqual([2]);
    const errors: string[] = [];
    host.onError((e) => errors.push(e.code));
    // the watcher throttles events on one path that follow each other closely
    await new Promise((r) => setTimeout(r, 200));
    dir.write('config.yaml', 'port: [broken\n');
    await waitUntil(() => errors.length === 1);
    expect(errors).toEqual(['PB_CONFIG_PARSE']);
    expect(host.value.port).toBe(2);
    await host.close();
  });

  it('reload() re-reads files, and rejects after close', async () => {
    using dir = createConfigFolder({ files: { 'config.json': '{ "a": 1 }' } });
    const host = await createConfig({
      plugins: false,
      logger: quiet,
      environment: {},
      file: dir.path('config.json'),
    });
    dir.write('config.json', '{ "a": 2 }');
    expect(await host.reload()).toBe(true);
    expect(host.value.a).toBe(2);
    expect(await host.reload()).toBe(false);
    await host.close();
    await expect(host.reload()).rejects.toMatchObject({ code: 'PB_CONFIG_CLOSED' });
  });
});
