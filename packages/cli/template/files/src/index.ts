import { defineCliPlugin } from '@plugboard/cli';

/** The `{{pluginName}}` command group. Users override `defaults` under `plugins.{{pluginName}}` in the CLI's config file. */
export default defineCliPlugin({
  name: '{{pluginName}}',
  description: '{{description}}',
  defaults: { greeting: 'Hello' },
  commands(group, ctx) {
    group
      .command('greet')
      .description('Greet someone')
      .argument('[who]', 'who to greet', 'world')
      .option('--shout', 'Use capitals')
      .action((who: string, options: { shout?: boolean }) => {
        const text = `${ctx.config.greeting}, ${who}!`;
        // With --json the data goes to stdout as JSON; otherwise the text is printed.
        ctx.output({ greeting: text }, options.shout ? text.toUpperCase() : text);
      });
  },
});
