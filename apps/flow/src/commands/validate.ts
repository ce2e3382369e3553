import { defineCliPlugin } from '@plugboard/cli';
import { withHost } from '../open.js';

export const validateCommand = defineCliPlugin({
  name: 'validate',
  description: 'check workflow files without running them',
  defaults: {},
  commands(group, ctx) {
    group.argument('<workflows...>', 'workflow files').action((files: string[]) =>
      withHost(ctx, {}, async (host) => {
        const results = files.map((file) => {
          const { errors } = host.validate(file);
          return {
            file,
            ok: errors.length === 0,
            errors: errors.map((e) => ({
              code: e.code,
              message: e.message,
              stage: e.stage,
              line: e.line,
              column: e.column,
            })),
          };
        });
        const text = results
          .map((r) => (r.ok ? `ok ${r.file}` : r.errors.map((e) => `${e.message} [${e.code}]`).join('\n')))
          .join('\n');
        const bad = results.filter((r) => !r.ok).length;
        if (!bad) return ctx.output(results, text);
        if (ctx.flags.json) ctx.output(results);
        else ctx.stderr.write(`${text}\n`);
        ctx.fail(
          `flow: ${bad} of ${files.length} workflow file(s) have problems; fix them and run \`flow validate\` again.`,
        );
      }),
    );
  },
});
