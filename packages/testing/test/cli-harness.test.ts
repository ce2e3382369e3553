import { existsSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { type CliHarnessIo, createCliHarness } from '@plugboard/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';

/** A minimal host: enough of a CLI to see what the harness hands it and captures. */
function tinyCli(io: CliHarnessIo & { greeting?: string }) {
  return {
    async run(argv: readonly string[]) {
      if (argv[0] === 'echo') {
        io.stdout.write(`${io.greeting ?? 'hi'} ${argv.slice(1).join(' ')}\n`);
        return 0;
      }
      if (argv[0] === 'env') {
        io.stdout.write(
          JSON.stringify({ env: io.env, interactive: io.interactive, dirs: [io.configDir, io.dataDir] }),
        );
        return 0;
      }
      if (argv[0] === 'cat') {
        io.stdout.write(await text(io.stdin));
        return 0;
      }
      io.stderr.write('no such command\n');
      io.stderr.write(`${JSON.stringify({ error: { code: 'X_USAGE', message: 'no such command' } })}\n`);
      return 2;
    },
  };
}

describe('createCliHarness()', () => {
  it('captures stdout, stderr and the exit code of an in-process run', async () => {
    using h = createCliHarness(tinyCli);
    expect(await h.run(['echo', 'Ada'])).toMatchObject({ code: 0, out: 'hi Ada\n', err: '' });
    const bad = await h.run(['nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no such command');
    expect(bad.error).toEqual({ code: 'X_USAGE', message: 'no such command' });
  });

  it('gives each harness its own temp folders, an empty env and no terminal; cleanup removes them', async () => {
    const h = createCliHarness(tinyCli, { env: { A: '1' } });
    const seen = (await h.run(['env'])).json<{ env: object; interactive: boolean; dirs: string[] }>();
    expect(seen).toEqual({ env: { A: '1' }, interactive: false, dirs: [h.configDir, h.dataDir] });
    expect(h.configFile).toBe(`${h.configDir}/config.yaml`);
    expect(h.pluginsDir).toBe(`${h.dataDir}/plugins`);
    expect(h.configDir.startsWith(h.home)).toBe(true);
    h.cleanup();
    expect(existsSync(h.home)).toBe(false);
  });

  it('per-run options reach the factory; input becomes stdin', async () => {
    using h = createCliHarness<{ greeting: string }>(tinyCli);
    expect((await h.run(['echo', 'Bo'], { greeting: 'yo' })).out).toBe('yo Bo\n');
    expect((await h.run(['env'], { env: { B: '2' }, interactive: true })).json()).toMatchObject({
      env: { B: '2' },
      interactive: true,
    });
    expect((await h.run(['cat'], { input: 'typed\n' })).out).toBe('typed\n');
    expect((await h.run(['cat'])).out).toBe('');
    expectTypeOf(h.run).parameter(1).toMatchTypeOf<{ greeting?: string } | undefined>();
  });
});
