import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type CreateCliOptions, createCli } from '@plugboard/cli';

export interface RunResult {
  code: number;
  out: string;
  err: string;
  /** The JSON error line written with --json, if any. */
  error?: { code: string; message: string };
}

/** An in-process CLI with its config and data folders in a temp dir. */
export function createHost(options: Partial<CreateCliOptions> = {}) {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'plugboard-cli-')));
  const configDir = join(home, 'config');
  const dataDir = join(home, 'data');
  return {
    home,
    configDir,
    dataDir,
    configFile: join(configDir, 'config.yaml'),
    pluginsDir: join(dataDir, 'plugins'),
    async run(argv: string[], extra: Partial<CreateCliOptions> = {}): Promise<RunResult> {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (d) => {
        out += d;
      });
      stderr.on('data', (d) => {
        err += d;
      });
      const cli = createCli({
        name: 'tool',
        version: '1.2.3',
        configDir,
        dataDir,
        env: {},
        interactive: false,
        stdout,
        stderr,
        ...options,
        ...extra,
      });
      const code = await cli.run(argv);
      const line = err
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"error"'));
      return { code, out, err, ...(line ? { error: JSON.parse(line).error } : {}) };
    },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Module source of a CLI plugin object (fixtures do not import @plugboard/cli). */
export function pluginSource(name: string, body = ''): string {
  return `${body}
export default {
  name: ${JSON.stringify(name)},
  defaults: { greeting: 'Hello' },
  commands(group, ctx) {
    group.command('run').argument('<who>').option('--loud').action((who, opts) => {
      const text = ctx.config.greeting + ' ' + who + ' from ${name}';
      ctx.output({ text, flags: ctx.flags }, opts.loud ? text.toUpperCase() : text);
    });
  },
};
`;
}
