import { createCli } from '@plugboard/cli';
import { createCliHarness } from '@plugboard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import hello from '../src/index.js';

// @plugboard/testing's harness: the plugin inside a throwaway CLI, output captured.
const cli = createCliHarness((io) =>
  createCli({ name: 'provision', version: '1.0.0', plugins: [hello], ...io }),
);
afterAll(() => cli.cleanup());
const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => cli.run(argv, { env });

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
