import type { HostState } from '../host-state.js';

export interface Progress {
  start(message: string): void;
  update(message: string): void;
  done(message: string): void;
  fail(message: string): void;
}

/**
 * A clack spinner on an interactive terminal; plain lines on stderr otherwise
 * (CI logs and pipes get one line per step, never control characters).
 */
export async function createProgress(state: HostState): Promise<Progress> {
  if (state.interactive && !state.flags.json) {
    const { spinner } = await import('@clack/prompts');
    const s = spinner({ output: state.stderr });
    return {
      start: (m) => s.start(m),
      update: (m) => s.message(m),
      done: (m) => s.stop(m),
      fail: (m) => s.error(m),
    };
  }
  const line = (m: string) => state.stderr.write(`${m}\n`);
  return { start: (m) => line(`${m}…`), update: line, done: line, fail: line };
}
