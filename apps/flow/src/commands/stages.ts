import { defineCliPlugin } from '@plugboard/cli';
import { kindOf } from '@plugboard/workflow';
import { withHost } from '../open.js';

export const stagesCommand = defineCliPlugin({
  name: 'stages',
  description: 'list the discovered stages and executors',
  defaults: {},
  commands(group, ctx) {
    // Reads static metadata only (`plugboard.workflow`): no plugin code is imported.
    group.action(() =>
      withHost(ctx, {}, async (host) => {
        const rows = host.plugins.plugins.map((p) => ({
          name: p.name,
          kind: kindOf(p),
          package: p.package.name,
          version: p.package.version,
          source: p.source,
          description: p.meta?.description ?? '',
        }));
        const excluded = host.plugins.excluded.map((e) => ({
          name: e.name,
          package: e.package.name,
          problem: e.problem.message,
        }));
        const width = Math.max(4, ...rows.map((r) => r.name.length));
        const text = [
          ...rows.map(
            (r) => `${r.kind.padEnd(8)} ${r.name.padEnd(width)}  ${r.package}@${r.version}  ${r.description}`,
          ),
          ...excluded.map((e) => `excluded ${e.name.padEnd(width)}  ${e.package}  ${e.problem}`),
        ].join('\n');
        ctx.output(
          {
            stages: rows.filter((r) => r.kind === 'stage'),
            executors: rows.filter((r) => r.kind === 'executor'),
            excluded,
          },
          text,
        );
      }),
    );
  },
});
