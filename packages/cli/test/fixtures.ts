import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CreateCliOptions, createCli } from '@plugboard/cli';
import { createCliHarness } from '@plugboard/testing';

/** The test CLI `tool@1.2.3` in @plugboard/testing's harness, with these createCli options. */
export function createHost(options: Partial<CreateCliOptions> = {}) {
  return createCliHarness<CreateCliOptions>((io) =>
    createCli({ name: 'tool', version: '1.2.3', ...options, ...io }),
  );
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

/** packages/cli: where `startRegistry({ from })` finds verdaccio (a devDependency of @plugboard/cli). */
export const cliDir = fileURLToPath(new URL('..', import.meta.url));

/** Write a package folder to publish: package.json plus files. */
export function writePackage(
  dir: string,
  json: Record<string, unknown>,
  files: Record<string, string> = {},
): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', ...json }, null, 2));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}
