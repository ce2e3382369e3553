import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createConfigFixture, createConfigFolder, recordingResolver } from '../src/index.js';

describe('createConfigFolder', () => {
  it('writes files, saves atomically (a new inode, no temp file left) and cleans up', () => {
    const folder = createConfigFolder({ files: { 'config.yaml': 'a: 1\n', 'nested/b.json': '{}' } });
    expect(readFileSync(folder.path('config.yaml'), 'utf8')).toBe('a: 1\n');
    expect(existsSync(folder.path('nested/b.json'))).toBe(true);
    const before = statSync(folder.path('config.yaml')).ino;
    folder.saveAtomic('config.yaml', 'a: 2\n');
    expect(readFileSync(folder.path('config.yaml'), 'utf8')).toBe('a: 2\n');
    expect(statSync(folder.path('config.yaml')).ino).not.toBe(before);
    expect(readdirSync(folder.root).sort()).toEqual(['config.yaml', 'nested']);
    folder.remove('nested');
    expect(existsSync(folder.path('nested'))).toBe(false);
    folder.cleanup();
    expect(existsSync(folder.root)).toBe(false);
  });
});

describe('createConfigFixture', () => {
  it('hands cwd, environment and a recording logger to the host, and closes hosts on dispose', async () => {
    const closed: string[] = [];
    let root = '';
    {
      await using fx = createConfigFixture({ files: { 'config.yaml': 'a: 1\n' }, env: { PORT: '1' } });
      root = fx.root;
      const host = await fx.start(async (o) => {
        o.logger.warn('careful');
        return { o, close: async () => void closed.push('host') };
      });
      expect(host.o.cwd).toBe(fx.root);
      expect(host.o.environment).toBe(fx.env);
      expect(fx.defaults.environment.PORT).toBe('1');
      expect(fx.logs.warn).toEqual(['careful']);
    }
    expect(closed).toEqual(['host']);
    expect(existsSync(root)).toBe(false);
  });
});

describe('recordingResolver', () => {
  it('answers from its map and records each call, at once or after a delay', async () => {
    const now = recordingResolver('KV', { a: 1 });
    expect(now.resolver.resolve('a')).toBe(1);
    const later = recordingResolver('SLOW', { b: 2 }, { ms: 5, secret: true });
    await expect(later.resolver.resolve('b')).resolves.toBe(2);
    expect(later.resolver.secret).toBe(true);
    expect([...now.calls, ...later.calls]).toEqual(['a', 'b']);
  });
});
