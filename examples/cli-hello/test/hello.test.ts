import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createCli } from '@plugboard/cli';
import { afterEach, describe, expect, it } from 'vitest';
import hello from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cli-hello-'));
  dirs.push(dir);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const cli = createCli({
    name: 'provision',
    version: '1.0.0',
    plugins: [hello],
    configDir: join(dir, 'config'),
    dataDir: join(dir, 'data'),
    env,
    stdout,
    stderr,
    interactive: false,
  });
  const code = await cli.run(argv);
  return { code, out, err };
}

describe('hello plugin', () => {
  it('greets with the default configuration', async () => {
    expect(await run(['hello', 'world', 'Ada'])).toMatchObject({ code: 0, out: 'Hello, Ada!\n' });
  });

  it('reads env overrides and prints JSON', async () => {
    const r = await run(['hello', 'world', '--json', '--shout'], { PROVISION_HELLO__GREETING: 'Hi' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ message: 'HI, WORLD!', greeting: 'Hi', name: 'world' });
  });

  it('rejects an unknown flag with exit 2', async () => {
    const r = await run(['hello', 'world', '--loud']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--loud'");
  });
});
