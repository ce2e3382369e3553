#!/usr/bin/env node
import { defineHost } from '@plugboard/core';
import { createPackageTree } from '@plugboard/testing';
import { scenario } from './scenario.js';

interface Greeter {
  greet(who: string): string;
}

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const json = process.argv.includes('--json');

/** The whole host: what it is called, what its plugins must export. Discovery and lifecycle come from the kit. */
const host = defineHost<Greeter>({
  group: 'greeter',
  adapter: { name: 'demo-host', version: '1.4.0' },
  guard: (v) => (typeof (v as Greeter)?.greet === 'function' ? undefined : 'it has no greet() function'),
});

const tree = createPackageTree({ packages: scenario });
try {
  const result = host.discover({ cwd: tree.root });
  // excluded plugins enter as failed with their real reason; what requires them is skipped
  const lifecycle = host.lifecycle(result, {
    hooks: { start: ({ instance }) => instance.greet('plugboard') },
  });
  const report = await lifecycle.start();

  if (json) {
    console.log(
      JSON.stringify(
        {
          plugins: result.plugins.map(({ load, ...p }) => p),
          excluded: result.excluded.map(({ problem, ...e }) => ({ ...e, code: problem.code })),
          problems: result.problems.map(({ cause, ...p }) => p),
          report,
        },
        null,
        2,
      ),
    );
  } else {
    console.log(bold(`Scanned ${scenario.length} installed packages in a scratch project (${tree.root})`));
    console.log(bold(`\nFound ${result.plugins.length} "greeter" plugins:`));
    for (const p of result.plugins)
      console.log(`  ${p.name.padEnd(8)} ${p.package.name}@${p.package.version}  [${p.source}]`);
    for (const e of result.excluded)
      console.log(
        `  ${e.name.padEnd(8)} ${e.package.name}@${e.package.version}  [left out: ${e.problem.code}]`,
      );
    console.log(bold(`\n${result.problems.length} problems, each with what to do:`));
    for (const p of result.problems) console.log(`  ${p.code.padEnd(24)} ${p.message}`);
    console.log(bold('\nStart report (requirement order):'));
    for (const p of report.plugins) {
      const greeting = p.state === 'enabled' ? `  → ${lifecycle.instance(p.id)!.greet('plugboard')}` : '';
      console.log(
        `  ${p.id.padEnd(8)} ${p.state.padEnd(8)} ${p.ms.toFixed(1).padStart(6)} ms${greeting}${p.error ? `  ${p.error.code}: ${p.error.message}` : ''}`,
      );
    }
    await lifecycle.stop();
    console.log(bold('\nStopped every plugin in reverse order.'));
  }
} finally {
  tree.cleanup();
}
