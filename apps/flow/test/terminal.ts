import { spawnSync } from 'node:child_process';
import { bin, type FlowHome } from './helpers.js';

/** A terminal size for `script`'s pseudo-terminal. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/**
 * Run `flow <args>` on a real pseudo-terminal (util-linux `script`), the way a user at a
 * terminal would, sized with `stty`. Returns what the program wrote to the terminal.
 */
export function flowOnTerminal(home: FlowHome, size: TerminalSize, ...args: string[]) {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = `stty cols ${size.columns} rows ${size.rows}; exec ${[process.execPath, bin, ...args].map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
    env: home.env,
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error('the terminal tests need util-linux `script` (Debian: apt-get install bsdutils)');
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ESC = '\x1b';
/** A CSI sequence after its ESC: `[`, an optional `?`, parameters, the final letter. */
const CSI = /^\[(\??)([\d;]*)([A-Za-z])/;

/**
 * What a terminal of `size` shows after `output`, scrollback included: a small screen
 * model for the sequences a line renderer writes (cursor up and down, erase line and
 * screen, colours ignored). The cursor cannot move up into lines scrolled off the top,
 * as on a real terminal, so a frame taller than the screen leaves its top behind. Any
 * other escape sequence fails the test: this model would not know what it does.
 */
export function screen(output: string, size: TerminalSize): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  const top = () => Math.max(0, lines.length - size.rows);
  const line = () => {
    while (lines.length <= row) lines.push([]);
    return lines[row] as string[];
  };
  for (let i = 0; i < output.length; i++) {
    const ch = output[i] as string;
    if (ch === ESC) {
      const m = CSI.exec(output.slice(i + 1, i + 16));
      if (!m) throw new Error(`unknown escape sequence ${JSON.stringify(output.slice(i, i + 8))}`);
      const [seq, priv, params, op] = m as unknown as [string, string, string, string];
      const n = Number(params || (op === 'J' || op === 'K' ? 0 : 1));
      if (priv) {
        if (!/^[hl]$/.test(op)) throw new Error(`unknown escape sequence ${JSON.stringify(seq)}`);
      } else if (op === 'A') row = Math.max(top(), row - n);
      else if (op === 'B') row += n;
      else if (op === 'C') col = Math.min(size.columns - 1, col + n);
      else if (op === 'D') col = Math.max(0, col - n);
      else if (op === 'G') col = Math.max(0, n - 1);
      else if (op === 'K') {
        const l = line();
        if (n === 0) l.length = Math.min(l.length, col);
        else if (n === 1) l.fill(' ', 0, col + 1);
        else l.length = 0;
      } else if (op === 'J') {
        if (n !== 0) throw new Error(`unsupported erase ${JSON.stringify(seq)}`);
        line().length = Math.min(line().length, col);
        lines.length = row + 1;
      } else if (op !== 'm') throw new Error(`unknown escape sequence ${JSON.stringify(seq)}`);
      i += seq.length;
    } else if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      line();
    } else if (ch === '\b') col = Math.max(0, col - 1);
    else {
      if (col >= size.columns) {
        // Auto-wrap: a character past the last column starts the next row.
        row++;
        col = 0;
      }
      const l = line();
      while (l.length < col) l.push(' ');
      l[col++] = ch;
    }
  }
  const text = lines.map((l) => l.join('').trimEnd());
  while (text.length > 0 && text[text.length - 1] === '') text.pop();
  return text;
}
