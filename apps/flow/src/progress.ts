import type { RunEvent } from '@plugboard/workflow';

interface Row {
  state: 'waiting' | 'running' | 'done' | 'failed' | 'retrying';
  done: number;
  total: number;
  ms: number;
  note: string;
}

const ICON = { waiting: '·', running: '▸', done: '✓', failed: '✗', retrying: '↻' } as const;

/**
 * Per-stage progress. On a TTY one line per stage, redrawn in place (at most every 80 ms);
 * otherwise one plain line per finished, retried or failed stage, for logs and CI.
 */
export function progressPrinter(out: NodeJS.WritableStream & { isTTY?: boolean }, stages: readonly string[]) {
  const rows = new Map<string, Row>(
    stages.map((s) => [s, { state: 'waiting', done: 0, total: 1, ms: 0, note: '' }]),
  );
  const tty = Boolean(out.isTTY);
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    const width = Math.max(...stages.map((s) => s.length));
    const lines = [...rows].map(([name, r]) => {
      const count = r.total > 1 ? ` ${r.done}/${r.total}` : '';
      const time = r.state === 'done' ? ` ${r.ms} ms` : '';
      return `\x1b[2K ${ICON[r.state]} ${name.padEnd(width)} ${r.state}${count}${time}${r.note ? `  ${r.note}` : ''}`;
    });
    out.write(`${drawn ? `\x1b[${drawn}A` : ''}${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const plain = (text: string) => !tty && out.write(`${text}\n`);
  return {
    onEvent(e: RunEvent) {
      const r = rows.get(e.stage);
      if (!r) return;
      if (e.type === 'stage-items') r.total = e.total;
      else if (e.type === 'stage-start' && r.state !== 'failed') r.state = 'running';
      else if (e.type === 'progress' && e.message) r.note = e.message;
      else if (e.type === 'stage-retry') {
        r.state = 'retrying';
        plain(
          `retry ${e.stage}${e.index >= 0 ? `[${e.index}]` : ''} after attempt ${e.attempt}: ${e.error.message}`,
        );
      } else if (e.type === 'stage-failed') {
        r.state = 'failed';
        plain(`failed ${e.stage}${e.index >= 0 ? `[${e.index}]` : ''}: ${e.error.message}`);
      } else if (e.type === 'stage-done') {
        r.done++;
        r.ms += e.ms;
        if (r.done >= r.total) {
          r.state = 'done';
          plain(`done ${e.stage}${r.total > 1 ? ` (${r.total} items)` : ''} in ${r.ms} ms`);
        }
      }
      if (tty) timer ??= setTimeout(draw, 80);
    },
    /** Final redraw (TTY). */
    end() {
      if (timer) clearTimeout(timer);
      if (tty) draw();
    },
  };
}
