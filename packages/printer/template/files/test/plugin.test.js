import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPrinter } from '@plugboard/printer';
import { runGcodeTest, startPrinterHarness } from '@plugboard/testing/printer';
import plugin from '../dist/index.js';

const config = `[printer]
kinematics: none
max_velocity: 100
max_accel: 100

[{{pluginName}}]
greeting: Howdy
`;

const plugins = { '{{pluginName}}': plugin };

test('the command answers and the status counts', async () => {
  const printer = await startPrinterHarness({ createPrinter, plugins, config });
  assert.equal(printer.state, 'ready', printer.stateMessage);
  assert.deepEqual(await printer.run('{{constName}}_HELLO WHO=Ada'), ['// Howdy, Ada!']);
  assert.deepEqual(printer.status('{{pluginName}}'), { greeting: 'Howdy', count: 1 });
  await printer.close();
});

test('a G-code test script, Klipper style', async () => {
  const result = await runGcodeTest(
    `CONFIG
${config}
END_CONFIG
{{constName}}_HELLO
> // Howdy, world!
`,
    { createPrinter, plugins },
  );
  assert.deepEqual(result.problems, []);
});

test('a bad option is a config error naming it', async () => {
  const printer = await startPrinterHarness({ createPrinter, plugins, config: `${config}repeat: 0\n` });
  assert.equal(printer.state, 'error');
  assert.match(printer.stateMessage, /^Option 'repeat' in section '{{pluginName}}' must have minimum of 1/);
  await printer.close();
});
