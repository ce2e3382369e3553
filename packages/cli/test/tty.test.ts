// Prompts and the progress spinner in a real pseudo-terminal: util-linux `script`
// runs the host on a pty (stdin and stdout are TTYs) and forwards what the test types.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const host = fileURLToPath(new URL('./fixtures/tty/host.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/fast-help/index.cjs', import.meta.url)));
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const home = mkdtempSync(join(tmpdir(), 'plugboard-tty-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const env = {
  PATH: process.env.PATH,
  HOME: home,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_DATA_HOME: join(home, 'data'),
  TERM: 'xterm-256color',
};

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const ESC = String.fromCharCode(27);
/** What a reader sees: without colours, cursor moves and carriage returns. */
const ansi = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}[()][0-9A-Za-z]|\\r`, 'g');
const plain = (s: string) => s.replace(ansi, '');

/** The host on a pty: wait for text, type keys, get the exit code. */
function onTerminal(args: string[]) {
  // script's pty starts with no size (0 columns); give it a normal one
  const command = `stty cols 120 rows 40; ${[process.execPath, host, ...args].map(quote).join(' ')}`;
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], { env });
  let raw = '';
  child.stdout.on('data', (d) => {
    raw += d;
  });
  child.stderr.on('data', (d) => {
    raw += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    get output() {
      return plain(raw);
    },
    get raw() {
      return raw;
    },
    async waitFor(text: string, ms = 15_000) {
      const until = Date.now() + ms;
      while (!plain(raw).includes(text)) {
        if (Date.now() > until) throw new Error(`"${text}" never appeared on the terminal:\n${plain(raw)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    type: (keys: string) => child.stdin.write(keys),
    /** Exit code; the child is killed if it is still waiting (a prompt nobody answers). */
    async done(ms = 15_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exit;
      clearTimeout(timer);
      child.stdin.end();
      return code;
    },
  };
}

/** The host with pipes: no terminal at all. */
function withoutTerminal(args: string[]) {
  const r = spawnSync(process.execPath, [host, ...args], { env, encoding: 'utf8', input: 'y\n' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(!built || !hasScript)('prompts on a real terminal', () => {
  it('a confirmation is shown on a TTY and answered with a key', async () => {
    const t = onTerminal(['ask', 'sure']);
    await t.waitFor('Proceed with the change?');
    t.type('y');
    expect(await t.done()).toBe(0);
    expect(t.output).toContain('proceeding');
  });

  it('a text prompt takes typed input', async () => {
    const t = onTerminal(['ask', 'name']);
    await t.waitFor('What is your name?');
    t.type('Grace\r');
    expect(await t.done()).toBe(0);
    expect(t.output).toContain('Hello Grace');
  });

  it('--non-interactive never prompts: a prompt without a default fails with a coded error', async () => {
    const t = onTerminal(['ask', 'sure', '--non-interactive']);
    expect(await t.done()).toBe(2); // exits by itself: nothing was typed
    expect(t.output).toContain(
      'ttyhost: cannot ask "Proceed with the change?" because --non-interactive is set; pass --yes',
    );
    const json = onTerminal(['ask', 'name', '--non-interactive', '--json']);
    expect(await json.done()).toBe(2);
    expect(json.output).toContain('{"error":{"code":"PB_CLI_PROMPT_UNAVAILABLE"');
  });

  it('--non-interactive takes the default when there is one', async () => {
    const t = onTerminal(['ask', 'pick', '--non-interactive']);
    expect(await t.done()).toBe(0);
    expect(t.output).toContain('picked blue');
    expect(t.output).not.toContain('Which colour?');
  });

  it('--yes answers a confirmation without showing it', async () => {
    const t = onTerminal(['ask', 'sure', '--yes']);
    expect(await t.done()).toBe(0);
    expect(t.output).toContain('proceeding');
    expect(t.output).not.toContain('Proceed with the change?');
  });

  it('a select prompt is answered with the arrow keys', async () => {
    const t = onTerminal(['ask', 'pick']);
    await t.waitFor('Which colour?');
    t.type(`${ESC}[A`); // up: from the default (blue) to red
    t.type('\r');
    expect(await t.done()).toBe(0);
    expect(t.output).toContain('picked red');
  });

  it('shows a spinner on stderr while npm runs, and plain lines without a terminal', async () => {
    const t = onTerminal(['plugins', 'update']);
    expect(await t.done(60_000)).toBe(0);
    expect(t.output).toContain('No plugins to update.');
    // the spinner redraws its line with cursor control codes
    expect(t.raw).toContain(`${ESC}[`);
    expect(t.output).toContain('Updating plugins');
    expect(t.output).toContain('Updating plugins: done');
    const piped = withoutTerminal(['plugins', 'update']);
    expect(piped.code).toBe(0);
    expect(piped.err).toContain('Updating plugins…\n');
    expect(piped.err).toContain('Updating plugins: done\n');
    expect(piped.err).not.toContain(ESC);
  });
});

describe.skipIf(!built)('prompts without a terminal', () => {
  it('never prompts: exit 2 with the reason, even with input on stdin', () => {
    const r = withoutTerminal(['ask', 'sure', '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('because no terminal is attached; pass --yes');
    expect(JSON.parse(r.err.trimEnd().split('\n').pop()!).error.code).toBe('PB_CLI_PROMPT_UNAVAILABLE');
  });

  it('takes the default, or --yes for a confirmation', () => {
    expect(withoutTerminal(['ask', 'pick'])).toMatchObject({ code: 0, out: 'picked blue\n' });
    expect(withoutTerminal(['ask', 'sure', '--yes'])).toMatchObject({ code: 0, out: 'proceeding\n' });
  });
});
