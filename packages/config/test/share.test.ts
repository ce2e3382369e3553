import { createConfigFixture } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createConfig } from '../src/index.js';

describe('a reload with a schema', () => {
  it('keeps unchanged subtrees identical (previous.db === value.db), as without one', async () => {
    await using fx = createConfigFixture({
      files: { 'config.yaml': 'db:\n  host: h\n  port: 1\nother: a\nlist: [1, 2]\n' },
    });
    const schema = z.object({
      db: z.object({ host: z.string(), port: z.number() }),
      other: z.string(),
      list: z.array(z.number()),
    });
    const host = await fx.start((o) => createConfig({ ...o, plugins: false, file: 'config.yaml', schema }));
    const before = host.value;
    fx.write('config.yaml', 'db:\n  host: h\n  port: 1\nother: b\nlist: [1, 2]\n');
    expect(await host.reload()).toBe(true);
    expect(host.value.other).toBe('b');
    expect(host.value.db).toBe(before.db);
    expect(host.value.list).toBe(before.list);
    expect(Object.isFrozen(host.value)).toBe(true);
    // nothing changed: the same value, no swap
    const now = host.value;
    expect(await host.reload()).toBe(false);
    expect(host.value).toBe(now);
    fx.write('config.yaml', 'db:\n  host: h\n  port: 2\nother: b\nlist: [1, 2]\n');
    await host.reload();
    expect(host.value.db).not.toBe(before.db);
    expect(host.value.db.port).toBe(2);
  });
});
