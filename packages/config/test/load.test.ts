import { createConfigFolder } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.js';
import { quiet } from './helpers.js';

const base = { plugins: false as const, logger: quiet, environment: {} };

describe('formats and layers', () => {
  it('loads YAML, JSON, TOML and .env files', async () => {
    using dir = createConfigFolder({
      files: {
        'a.yaml': 'db:\n  host: localhost\n  port: 5432\n',
        'a.json': '{ "db": { "host": "j", "port": 1 } }',
        'a.toml': '[db]\nhost = "t"\nport = 2\n',
        'a.env': 'DB_HOST=e\nexport DB_PORT=3\n',
      },
    });
    expect(await loadConfig({ ...base, file: dir.path('a.yaml') })).toEqual({
      db: { host: 'localhost', port: 5432 },
    });
    expect(await loadConfig({ ...base, file: dir.path('a.json') })).toEqual({ db: { host: 'j', port: 1 } });
    expect(await loadConfig({ ...base, file: dir.path('a.toml') })).toEqual({ db: { host: 't', port: 2 } });
    expect(await loadConfig({ ...base, file: dir.path('a.env') })).toEqual({ DB_HOST: 'e', DB_PORT: '3' });
  });

  it('loads from a string and from an object', async () => {
    const value = await loadConfig({
      ...base,
      sources: [
        { text: 'a = 1\n[b]\nc = "x"', format: 'toml', name: 'inline.toml' },
        { object: { b: { d: true } } },
      ],
    });
    expect(value).toEqual({ a: 1, b: { c: 'x', d: true } });
  });

  it('layers defaults < file < env overlay < sources < env vars < overrides', async () => {
    using dir = createConfigFolder({
      files: {
        'config.yaml': 'name: base\ndb:\n  host: localhost\n  port: 5432\n  user: app\nlist: [1, 2]\n',
        'config.production.yaml': 'db:\n  host: prod-db\nlist: [3]\n',
        'extra.json': '{ "db": { "user": "extra" } }',
      },
    });
    const value = await loadConfig({
      ...base,
      cwd: dir.root,
      file: 'config.yaml',
      env: 'production',
      defaults: { name: 'default', timeout: 5 },
      sources: ['extra.json'],
      envPrefix: 'APP',
      environment: { APP__DB__PORT: '6543', APP__DB__USER: '007', APP__NEW__FLAG: 'true', OTHER__X: '1' },
      overrides: { name: 'override' },
    });
    expect(value).toEqual({
      name: 'override',
      timeout: 5,
      db: { host: 'prod-db', port: 6543, user: '007' },
      list: [3],
      // a key no lower layer has stays text: the one conversion rule (core's coerceText) converts
      // by the type of the value an override replaces, and there is none here
      new: { flag: 'true' },
    });
  });

  it('ignores a missing overlay', async () => {
    using dir = createConfigFolder({ files: { 'config.yaml': 'a: 1\n' } });
    expect(await loadConfig({ ...base, file: dir.path('config.yaml'), env: 'staging' })).toEqual({ a: 1 });
  });
});
