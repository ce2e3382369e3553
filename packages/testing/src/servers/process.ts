import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { connect } from 'node:net';

/** A server a test started on 127.0.0.1; `stop()` ends it and removes its data. */
export interface TestServer {
  /** Connection URL, e.g. `redis://127.0.0.1:40123` or `postgres://postgres@127.0.0.1:40124/postgres`. */
  url: string;
  host: '127.0.0.1';
  port: number;
  /** The server's data folder (removed by `stop()`). */
  dir: string;
  stop(): Promise<void>;
}

/** Start a server process and keep its output for the error message if it dies early. */
export function startProcess(command: string, args: string[], options: SpawnOptions = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

/** Resolves once `probe()` succeeds; rejects when the process exits or the time is up. */
export async function waitUntilReady(
  name: string,
  child: ChildProcess,
  output: () => string,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `@plugboard/testing: ${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
      );
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`@plugboard/testing: ${name} was not ready within ${timeoutMs} ms:\n${output()}`);
}

/** Send `payload` to 127.0.0.1:port and resolve with what the server answers first. */
export function tcpExchange(port: number, payload: string | Uint8Array, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('timeout'));
    }, timeoutMs);
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data.toString());
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Stop a child: SIGTERM, then SIGKILL if it lingers. */
export function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
