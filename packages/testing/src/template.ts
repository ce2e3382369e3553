import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface RunTemplateTestOptions {
  /** Local packages to link into the package's `node_modules`, by name, e.g. `{ '@plugboard/web': '…/packages/web' }`. */
  link?: Record<string, string>;
  /** Folder whose dependencies include `typescript` and `@types/node` (linked too); default the current directory. */
  toolchainFrom?: string;
  /** The npm script to run; default `test`. */
  script?: string;
  /** Default 120 000 ms. */
  timeoutMs?: number;
}

export interface TemplateTestResult {
  /** npm's exit code (`null` if it was killed at the timeout). */
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for an assertion message. */
  output: string;
  /** The `pass` and `fail` counts `node --test` reported, if it did. */
  pass?: number;
  fail?: number;
}

/** Symlink `target` (resolved) as the folder `at`. */
function link(target: string, at: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(realpathSync(target), at, 'dir');
}

/** Throw a clear error when a linked package's `main` has not been built. */
function assertBuilt(name: string, dir: string): void {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) throw new Error(`@plugboard/testing: ${name} (${dir}) has no package.json.`);
  const { main } = JSON.parse(readFileSync(file, 'utf8')) as { main?: string };
  if (main && !existsSync(join(dir, main))) {
    throw new Error(`@plugboard/testing: ${name} is not built (no ${main}); run \`pnpm build\` first.`);
  }
}

/**
 * Test a generated package (the output of `plugboard new`) as its author would: "install" it by
 * linking the given local packages and the toolchain (`typescript`, `@types/node`,
 * `node_modules/.bin/tsc`) into its `node_modules`, as `npm install` with `file:` dependencies
 * would (no registry traffic), then `npm run --silent test` in it.
 */
export function runTemplateTest(dir: string, options: RunTemplateTestOptions = {}): TemplateTestResult {
  const require = createRequire(join(options.toolchainFrom ?? process.cwd(), 'noop.js'));
  const toolchain: Record<string, string> = {};
  for (const dep of ['typescript', '@types/node']) {
    try {
      toolchain[dep] = dirname(require.resolve(`${dep}/package.json`));
    } catch (error) {
      throw new Error(`@plugboard/testing: runTemplateTest needs ${dep}; add it to devDependencies.`, {
        cause: error,
      });
    }
  }
  const modules = join(dir, 'node_modules');
  for (const [name, target] of Object.entries(options.link ?? {})) {
    assertBuilt(name, target);
    link(target, join(modules, name));
  }
  for (const [name, target] of Object.entries(toolchain)) link(target, join(modules, name));
  mkdirSync(join(modules, '.bin'), { recursive: true });
  symlinkSync(join(realpathSync(toolchain.typescript!), 'bin', 'tsc'), join(modules, '.bin', 'tsc'));
  const r = spawnSync('npm', ['run', '--silent', options.script ?? 'test'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  const count = (word: string) => {
    const match = new RegExp(`^[#ℹ] ${word} (\\d+)$`, 'm').exec(r.stdout ?? '');
    return match ? Number(match[1]) : undefined;
  };
  const pass = count('pass');
  const fail = count('fail');
  return {
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`,
    ...(pass === undefined ? {} : { pass }),
    ...(fail === undefined ? {} : { fail }),
  };
}
