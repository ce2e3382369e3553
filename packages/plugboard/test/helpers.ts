import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createPlugboardCli } from 'plugboard';
import { afterAll } from 'vitest';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const created: string[] = [];
// Every test file that uses these helpers removes its temp folders when it ends.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'plugboard-test-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Run the plugboard CLI in-process with captured output and throwaway config/data folders. */
export async function runPlugboard(args: string[], cwd?: string): Promise<RunResult> {
  const home = tempDir('plugboard-home-');
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        add(String(chunk));
        done();
      },
    });
  try {
    const cli = createPlugboardCli({
      ...(cwd ? { cwd } : {}),
      configDir: join(home, 'config'),
      dataDir: join(home, 'data'),
      env: {},
      interactive: false,
      stdout: sink((s) => {
        stdout += s;
      }),
      stderr: sink((s) => {
        stderr += s;
      }),
    });
    const code = await cli.run(args);
    return { code, stdout, stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** A stand-in adapter package (`@plugboard/<group>`) at a given version. */
export function fakeAdapter(group: string, version: string, files: Record<string, string> = {}) {
  return {
    name: `@plugboard/${group}`,
    version,
    packageJson: { exports: { '.': './index.js', './package.json': './package.json' } },
    files: { 'index.js': 'export {};\n', ...files },
  };
}
