import type { Writable } from 'node:stream';

// Built-ins without `import`: their ESM facades cost milliseconds on the help path.
const fs = process.getBuiltinModule('node:fs');

/**
 * Where help goes: a stream, or a file descriptor of this process. Writing to fd 1/2
 * directly skips creating process.stdout (a few ms for a pipe) when it is not a terminal.
 */
export type Sink = Writable | 1 | 2;

const processStream = (fd: 1 | 2) => (fd === 1 ? process.stdout : process.stderr);
/**
 * Only a character device can be a terminal: pipes and files are told apart without
 * loading node:tty (and node:net), and so is `/dev/null`, the character device that
 * `> /dev/null` and cron hand us most. Asked once per descriptor.
 */
const terminal: { 1?: boolean; 2?: boolean } = {};
function isTty(fd: 1 | 2): boolean {
  const stat = fs.fstatSync(fd);
  if (!stat.isCharacterDevice()) return false;
  const nul = fs.statSync('/dev/null', { throwIfNoEntry: false });
  if (nul?.isCharacterDevice() && nul.rdev === stat.rdev) return false;
  return process.getBuiltinModule('node:tty').isatty(fd);
}
const isTerminal = (fd: 1 | 2) => (terminal[fd] ??= isTty(fd));

/** Columns to wrap help at: the terminal's width, else commander's default of 80. */
export function helpWidth(sink: Sink): number {
  const stream = typeof sink === 'number' ? (isTerminal(sink) ? processStream(sink) : {}) : sink;
  const s = stream as { isTTY?: boolean; columns?: number };
  return (s.isTTY && s.columns) || 80;
}

export function write(sink: Sink, text: string): void {
  if (typeof sink !== 'number') sink.write(text);
  else if (isTerminal(sink)) processStream(sink).write(text);
  else {
    let rest = Buffer.from(text);
    try {
      while (rest.length > 0) rest = rest.subarray(fs.writeSync(sink, rest));
    } catch (error) {
      // a full non-blocking pipe: let the stream queue the rest; a closed one (EPIPE) has no reader
      if ((error as { code?: string }).code === 'EAGAIN') processStream(sink).write(rest);
    }
  }
}
