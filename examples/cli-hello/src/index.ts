import { defineCliPlugin } from '@plugboard/cli';

/** `hello world [name] [--shout]`: the smallest useful CLI plugin, configured by `plugins.hello`. */
export default defineCliPlugin({
  name: 'hello',
  description: 'greet people (example plugin)',
  defaults: { greeting: 'Hello', name: 'world', punctuation: '!' },
  commands(group, ctx) {
    group
      .command('world')
      .description('greet someone')
      .argument('[name]', 'who to greet (default from config)')
      .option('--shout', 'use capitals')
      .action(async (name: string | undefined, opts: { shout?: boolean }) => {
        const who =
          name ??
          (ctx.interactive
            ? await ctx.text('Who should I greet?', { default: ctx.config.name })
            : ctx.config.name);
        let message = `${ctx.config.greeting}, ${who}${ctx.config.punctuation}`;
        if (opts.shout) message = message.toUpperCase();
        ctx.debug(`greeting from ${ctx.paths.configFile} merged with defaults`);
        ctx.output({ message, greeting: ctx.config.greeting, name: who }, message);
      });
  },
});
