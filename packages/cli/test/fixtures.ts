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
