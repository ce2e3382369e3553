import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCliHarness } from '@plugboard/testing';
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

/** Run the plugboard CLI in-process (@plugboard/testing's CLI harness) with throwaway config/data folders. */
export async function runPlugboard(args: string[], cwd?: string): Promise<RunResult> {
  using harness = createCliHarness((io) => createPlugboardCli({ ...(cwd ? { cwd } : {}), ...io }));
  const result = await harness.run(args);
  return { code: result.code, stdout: result.out, stderr: result.err };
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
