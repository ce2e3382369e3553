import { PlugboardError } from '@plugboard/core';
import { describe, expect, it } from 'vitest';
import { defineWebPlugin, isWebError, WebError, WebErrorCodes } from '../src/index.js';
import { createStorageBackend } from '../src/storage/backend.js';
import { checkSchedule } from '../src/tasks/scheduler.js';
import { startHost } from './helpers.js';

describe('WebError', () => {
  it('extends PlugboardError, prefixes the host name and keeps the cause', () => {
    const cause = new Error('root');
    const e = new WebError(WebErrorCodes.STORAGE_FAILED, 'x', { plugin: 'p', cause });
    expect(e).toBeInstanceOf(PlugboardError);
    expect(isWebError(e)).toBe(true);
    expect(e.message).toBe('@plugboard/web: x');
    expect(e.toJSON()).toMatchObject({ code: 'PB_WEB_STORAGE_FAILED', plugin: 'p', cause });
  });

  it('PB_WEB_PLUGIN_INVALID: defineWebPlugin checks the name and hooks', () => {
    expect(() => defineWebPlugin({ name: 'Bad Name' })).toThrow(
      expect.objectContaining({
        code: 'PB_WEB_PLUGIN_INVALID',
        message:
          '@plugboard/web: plugin "Bad Name" is not valid: its name "Bad Name" must be lower-case letters, digits and "-".',
      }),
    );
    expect(() => defineWebPlugin({ name: 'ok', routes: 5 as never })).toThrow(
      /plugin "ok" is not valid: "routes" must be a function/,
    );
    expect(() => defineWebPlugin({ name: 'ok', storage: {} as never })).toThrow(
      /"storage.migrations" must be an object/,
    );
  });

  it('PB_WEB_PLUGIN_INVALID: a provided plugin with bad meta is refused at start', async () => {
    await expect(
      startHost({ plugins: [{ name: 'm', meta: { category: 5 } as never }] }),
    ).rejects.toMatchObject({
      code: 'PB_WEB_PLUGIN_INVALID',
      message: expect.stringMatching(/^@plugboard\/web: plugin "m" has invalid meta: category: /),
    });
  });

  it('PB_WEB_STORAGE_URL: an unsupported database URL, with the password masked', () => {
    expect(() => createStorageBackend({ url: 'mysql://root:hunter2@db/x', dir: '/tmp' })).toThrow(
      expect.objectContaining({
        code: 'PB_WEB_STORAGE_URL',
        message:
          '@plugboard/web: storage URL "mysql://***@db/x" is not supported; give a postgres:// URL, or none for the embedded store.',
      }),
    );
  });

  it('PB_WEB_TASK_INVALID: a too-short interval', () => {
    expect(() => checkSchedule('p', 't', { everyMs: 1 })).toThrow(
      expect.objectContaining({
        code: 'PB_WEB_TASK_INVALID',
        message: '@plugboard/web: plugin "p" task "t": "everyMs" must be an integer of at least 10.',
      }),
    );
  });

  it('PB_WEB_NOT_STARTED: enabling before start', async () => {
    const { createWebHost } = await import('../src/index.js');
    const host = createWebHost({ sources: { dependencies: false }, cache: false });
    await expect(host.enable('x')).rejects.toMatchObject({
      code: 'PB_WEB_NOT_STARTED',
      message: expect.stringContaining('call `await host.start()` first'),
    });
    await host.close();
  });
});

describe('admin token and host subpath', () => {
  it('PB_WEB_ADMIN_TOKEN: refuses a short admin token', async () => {
    const { createWebHost } = await import('../src/index.js');
    expect(() => createWebHost({ admin: { token: 'abc' } })).toThrow(
      expect.objectContaining({
        code: 'PB_WEB_ADMIN_TOKEN',
        message:
          '@plugboard/web: the admin token must be a string of at least 8 characters; pass a long random one (or `admin: false` to mount no admin API).',
      }),
    );
  });

  it('@plugboard/web/host exposes the kit host for tools', async () => {
    const { host } = await import('../src/host.js');
    expect({ group: host.group, adapter: host.adapter.name }).toEqual({
      group: 'web',
      adapter: '@plugboard/web',
    });
  });
});
