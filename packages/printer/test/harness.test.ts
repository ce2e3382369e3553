import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  parseGcodeTest,
  runGcodeTest,
  runGcodeTestFile,
  startPrinterHarness,
} from '@plugboard/testing/printer';
import { describe, expect, test } from 'vitest';
import { createPrinter } from '../src/index.js';

const dir = fileURLToPath(new URL('./fixtures/harness/', import.meta.url));

describe('the printer test harness from @plugboard/testing/printer', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test'))) {
    test(file, async () => {
      const result = await runGcodeTestFile(`${dir}${file}`, { createPrinter });
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
    });
  }

  test('a wrong expectation is reported with the line and both texts', async () => {
    const result = await runGcodeTest(
      `CONFIG\n[printer]\nkinematics: none\nmax_velocity: 1\nmax_accel: 1\nEND_CONFIG\nFOO\n> // something else\n`,
      { createPrinter },
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      'line 7 (FOO): expected "// something else", got "// Unknown command:\\"FOO\\""',
    ]);
  });

  test('SHOULD_FAIL that does not fail is a problem', async () => {
    const result = await runGcodeTest(
      'SHOULD_FAIL\nCONFIG\n[printer]\nkinematics: none\nmax_velocity: 1\nmax_accel: 1\nEND_CONFIG\nM115\n',
      { createPrinter },
    );
    expect(result.problems).toEqual(['expected a failure (SHOULD_FAIL) but every command succeeded']);
  });

  test('parse errors name the line', () => {
    expect(() => parseGcodeTest('> orphan\n')).toThrow(/expected output at line 1 follows no G-code line/);
    expect(() => parseGcodeTest('G28\n')).toThrow(/needs a CONFIG line/);
  });

  test('startPrinterHarness: run, status, close', async () => {
    const h = await startPrinterHarness({
      createPrinter,
      config: '[printer]\nkinematics: none\nmax_velocity: 10\nmax_accel: 10\n[fan]\n',
    });
    expect(h.state).toBe('ready');
    await h.run('M106 S255');
    expect(h.status('fan')).toEqual({ speed: 1, rpm: null });
    await h.close();
  });
});
