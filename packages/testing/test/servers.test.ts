import { existsSync } from 'node:fs';
import { startPostgres, startRedis } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { tcpExchange } from '../src/servers/process.js';

describe('test servers', () => {
  it('startRedis serves on loopback and removes its folder on stop', async () => {
    const redis = await startRedis();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await tcpExchange(redis.port, '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\n')).toBe('+OK\r\n');
      expect(await tcpExchange(redis.port, '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n')).toBe('$2\r\nv1\r\n');
    } finally {
      await redis.stop();
    }
    expect(existsSync(redis.dir)).toBe(false);
    await expect(tcpExchange(redis.port, 'PING\r\n')).rejects.toThrow();
  });

  it('startPostgres runs a fresh cluster that accepts connections on loopback', async () => {
    const pg = await startPostgres();
    try {
      expect(pg.url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
      const answer = await tcpExchange(pg.port, Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]));
      expect(answer).toMatch(/^[NS]/);
    } finally {
      await pg.stop();
    }
    expect(existsSync(pg.dir)).toBe(false);
  }, 60_000);
});
