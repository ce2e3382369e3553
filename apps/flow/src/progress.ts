import type { RunEvent, RunOutcome } from '@plugboard/workflow';

type State = 'waiting' | 'running' | 'retrying' | 'done' | 'failed' | 'stopped' | 'skipped';

interface Row {
  state: State;
  done: number;
  total: number;
  /** When its first task started (parameterized stages show the time from there to their last item). */
  startedAt: number | undefined;
  ms: number;
  note: string;
  /** Done in an earlier run (a resumed run's finished stages send no events). */
  earlier: boolean;
}

const ICON: Record<State, string> = {
  waiting: '·',
  running: '▸',
  retrying: '↻',
  done: '✓',
  failed: '✗',
  stopped: '■',
  skipped: '–',
};
const LABEL: Record<State, string> = {
  waiting: 'waiting',
  running: 'running',
  retrying: 'retrying',
  done: 'done',
  failed: 'failed',
  stopped: 'stopped',
  skipped: 'not run',
};

/** Where progress goes: a TTY (its size read on every redraw) or a pipe. */
export type ProgressOutput = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

/**
 * Per-stage progress. On a TTY one line per stage, redrawn in place (at most every 80 ms)
 * and cut to the terminal's width, so no line wraps and the redraw lands where the last
 * one began; a workflow taller than the terminal shows the stages in progress and a count
 * of the rest while it runs, and every stage once at the end. Otherwise one plain line
 * per finished, retried or failed stage, for logs and CI.
 */
export function progressPrinter(out: ProgressOutput, stages: readonly string[]) {
  const rows = new Map<string, Row>(
    stages.map((s) => [
      s,
      { state: 'waiting', done: 0, total: 1, startedAt: undefined, ms: 0, note: '', earlier: false },
    ]),
  );
  const tty = Boolean(out.isTTY);
  const width = Math.max(...stages.map((s) => s.length));
  let drawn = 0;
  let ended = false;
  let timer: NodeJS.Timeout | undefined;

  // One column to spare: a line that fills the last one leaves some terminals mid-wrap.
  const fit = (text: string) => {
    const max = Math.max(10, (out.columns || 80) - 1);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  };
  const line = (name: string, r: Row) => {
    const count = r.total > 1 ? ` ${r.done}/${r.total}` : '';
    const time = r.state !== 'done' ? '' : r.earlier ? ' earlier' : ` ${r.ms} ms`;
    return fit(
      ` ${ICON[r.state]} ${name.padEnd(width)} ${LABEL[r.state]}${count}${time}${r.note ? `  ${r.note}` : ''}`,
    );
  };
  const all = () => [...rows].map(([name, r]) => line(name, r));
  // While running: everything if it fits above the cursor, else the stages in progress and a count of the rest.
  const frame = () => {
    const room = Math.max(2, (out.rows || 24) - 1);
    if (rows.size <= room) return all();
    const busy = [...rows].filter(
      ([, r]) => r.state === 'running' || r.state === 'retrying' || r.state === 'failed',
    );
    const shown = busy.slice(0, room - 1);
    const counts = new Map<string, number>();
    for (const [name, r] of rows)
      if (!shown.some(([n]) => n === name)) counts.set(LABEL[r.state], (counts.get(LABEL[r.state]) ?? 0) + 1);
    const rest = [...counts].map(([label, n]) => `${n} ${label}`).join(', ');
    return [
      ...shown.map(([name, r]) => line(name, r)),
      fit(`   … ${rows.size - shown.length} more: ${rest}`),
    ];
  };
  // Back to the frame's first line, clear to the end of the screen, write the new frame.
  const paint = (lines: string[]) => {
    out.write(`${drawn ? `\x1b[${drawn}A\r` : ''}\x1b[J${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const draw = () => {
    timer = undefined;
    paint(frame());
  };
  const plain = (text: string) => !tty && out.write(`${text}\n`);
  const item = (e: { stage: string; index: number }) => `${e.stage}${e.index >= 0 ? `[${e.index}]` : ''}`;

  return {
    onEvent(e: RunEvent) {
      const r = rows.get(e.stage);
      if (!r || ended) return;
      if (e.type === 'stage-items') {
        r.total = e.total;
        if (e.total === 0) r.state = 'done';
      } else if (e.type === 'stage-start') {
        r.startedAt ??= Date.now();
        if (r.state !== 'failed') r.state = 'running';
      } else if (e.type === 'progress' && e.message) r.note = e.message;
      else if (e.type === 'stage-retry') {
        r.state = 'retrying';
        r.note = `attempt ${e.attempt}: ${e.error.message}`;
        plain(`retry ${item(e)} after attempt ${e.attempt}: ${e.error.message}`);
      } else if (e.type === 'stage-failed') {
        r.state = 'failed';
        r.note = e.error.message;
        plain(`failed ${item(e)}: ${e.error.message}`);
      } else if (e.type === 'stage-done') {
        r.done++;
        if (r.done >= r.total && r.state !== 'failed') {
          r.state = 'done';
          r.note = '';
          // A list's time is the span from its first item's start to its last item's end, not their sum.
          r.ms = r.total > 1 && r.startedAt !== undefined ? Date.now() - r.startedAt : e.ms;
          plain(`done ${e.stage}${r.total > 1 ? ` (${r.total} items)` : ''} in ${r.ms} ms`);
        }
      }
      if (tty) timer ??= setTimeout(draw, 80);
    },
    /**
     * Stop redrawing. Given the run's final state, settle the rows first: stages of a run
     * that did not finish and never started are "not run", those cut short "stopped"; a
     * finished run's stages are all done ("earlier" for those a resumed run did not redo).
     * On a TTY the final frame lists every stage.
     */
    end(state?: RunOutcome['state']) {
      if (ended) return;
      ended = true;
      if (timer) clearTimeout(timer);
      for (const r of rows.values()) {
        if (state === 'done' && r.state !== 'done')
          Object.assign(r, {
            state: 'done',
            done: r.total,
            note: '',
            earlier: r.startedAt === undefined,
            ms: r.startedAt === undefined ? 0 : Date.now() - r.startedAt,
          });
        else if (state && state !== 'done' && r.state === 'waiting') r.state = 'skipped';
        else if (state && state !== 'done' && (r.state === 'running' || r.state === 'retrying'))
          r.state = 'stopped';
      }
      if (tty && (state || drawn)) paint(all());
    },
  };
}
