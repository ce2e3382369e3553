import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowHome } from './helpers.js';
import { flowOnTerminal, screen } from './terminal.js';

// `flow run` as a user sees it: on a real pseudo-terminal (util-linux `script`, sized
// with stty) the live per-stage lines, redrawn in place, and what stays on the screen at
// the end; piped, plain lines. Stage times are not asserted, only that they are shown.
const home = flowHome('flow-progress-');
home.write(
  'stages.mjs',
  `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const list = () => [1, 2, 3, 4, 5];
export async function work(n, ctx) {
  ctx.progress(0, 1, 'item ' + n + ': a progress message long enough to run past the right edge of a narrow terminal');
  await sleep(150);
  return n * 2;
}
export const total = (xs) => xs.reduce((a, b) => a + b, 0);
export const nap = async () => { await sleep(40); return 1; };
export function boom() {
  throw new Error('boom: the disk is full');
}
/** Fails while the file named by the input is missing. */
export async function needsFile(_input, ctx) {
  const { existsSync } = await import('node:fs');
  if (!existsSync(ctx.workflowInput.file)) throw new Error('no file yet');
  return 2;
}
`,
);
const stage = (name: string, target: string, extra = '') =>
  `  - name: ${name}\n    target: ./stages.mjs#${target}\n${extra}`;
const ok = home.write(
  'ok.yaml',
  `name: ok\nstages:\n${stage('list', 'list')}${stage('work', 'work', '    type: parameterized\n    depends_on: [list]\n    map_on: list\n')}${stage('total', 'total', '    depends_on: [work]\n')}`,
);
const bad = home.write(
  'bad.yaml',
  `name: bad\nstages:\n${stage('first', 'nap')}${stage('boom', 'boom', '    depends_on: [first]\n')}${stage('after', 'nap', '    depends_on: [boom]\n')}`,
);
const later = home.write(
  'later.yaml',
  `name: later\nstages:\n${stage('first', 'nap')}${stage('check', 'needsFile', '    depends_on: [first]\n')}`,
);
const names = Array.from({ length: 30 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
const tall = home.write('tall.yaml', `name: tall\nstages:\n${names.map((n) => stage(n, 'nap')).join('')}`);
const size = { columns: 60, rows: 20 };
const ESC = '\x1b';
/** Whether the output moved the cursor up (a redraw in place). */
const movedUp = (out: string) => out.split(ESC).some((s) => /^\[\d+A/.test(s));

describe('flow run on a terminal', () => {
  it('redraws one line per stage in place and leaves each in its final state, then the summary', () => {
    const r = flowOnTerminal(home, size, 'run', ok, '--concurrency', '2');
    expect(r.code, r.out).toBe(0);
    expect(movedUp(r.out)).toBe(true); // redrawn in place, not one line per event
    expect(r.out).toMatch(/ work +running \d\/5 +item \d: a progress message/); // a frame while it ran
    expect(screen(r.out, size)).toEqual([
      expect.stringMatching(/^ ✓ list +done \d+ ms$/),
      expect.stringMatching(/^ ✓ work +done 5\/5 \d+ ms$/),
      expect.stringMatching(/^ ✓ total +done \d+ ms$/),
      expect.stringMatching(/^run \S+ done: 30$/),
    ]);
  });

  it('shows the failed stage, the stages that did not run, and the error', () => {
    const r = flowOnTerminal(home, size, 'run', bad);
    expect(r.code, r.out).toBe(1);
    const shown = screen(r.out, size);
    expect(shown.slice(0, 4)).toEqual([
      expect.stringMatching(/^ ✓ first +done \d+ ms$/),
      ' ✗ boom  failed  boom: the disk is full',
      ' – after not run',
      expect.stringMatching(/^run \S+ failed$/),
    ]);
    expect(shown.slice(4).join('\n')).toMatch(/boom: the disk is full/);
  });

  it('keeps a workflow taller than the terminal readable: every stage once, in its final state', () => {
    const r = flowOnTerminal(home, size, 'run', tall, '--concurrency', '4');
    expect(r.code, r.out).toBe(0);
    const shown = screen(r.out, size);
    expect(shown.slice(0, names.length)).toEqual(
      names.map((n) => expect.stringMatching(new RegExp(`^ ✓ ${n} done \\d+ ms$`))),
    );
    // The summary is one long line, wrapped by the terminal.
    expect(shown.slice(names.length).join('')).toMatch(/^run \S+ done: \{"s01":1,.*"s30":1\}$/);
  });

  it('shows the stages a resumed run did not redo as done earlier', () => {
    const file = join(home.dir, 'now-it-exists');
    const input = JSON.stringify({ file });
    const failed = flowOnTerminal(home, size, 'run', later, '--input', input, '--run-id', 'later-1');
    expect(failed.code, failed.out).toBe(1);
    expect(screen(failed.out, size).slice(0, 2)).toEqual([
      expect.stringMatching(/^ ✓ first +done \d+ ms$/),
      ' ✗ check failed  no file yet',
    ]);
    writeFileSync(file, '');
    const resumed = flowOnTerminal(home, size, 'runs', 'resume', 'later-1');
    expect(resumed.code, resumed.out).toBe(0);
    expect(screen(resumed.out, size)).toEqual([
      ' ✓ first done earlier',
      expect.stringMatching(/^ ✓ check done \d+ ms$/),
      'run later-1 done: 2',
    ]);
  });

  it('prints only the JSON outcome with --json', () => {
    const r = flowOnTerminal(home, size, 'run', ok, '--json');
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain(ESC);
    expect(JSON.parse(r.out)).toMatchObject({ state: 'done', output: 30 });
  });
});

describe('flow run piped', () => {
  it('prints plain lines without escape sequences', () => {
    const r = home.flow('run', ok, '--concurrency', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain(ESC);
    expect(r.out.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^done list in \d+ ms$/),
      expect.stringMatching(/^done work \(5 items\) in \d+ ms$/),
      expect.stringMatching(/^done total in \d+ ms$/),
      expect.stringMatching(/^run \S+ done: 30$/),
    ]);
    const failed = home.flow('run', bad);
    expect(failed.code).toBe(1);
    expect(failed.out).not.toContain(ESC);
    expect(failed.out).toMatch(/^failed boom: boom: the disk is full$/m);
  });

  it('prints parseable JSON with --json', () => {
    const r = home.flow('run', ok, '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain(ESC);
    expect(JSON.parse(r.out)).toMatchObject({ state: 'done', output: 30 });
  });
});
