import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { startPrinterHarness } from './harness.js';
import type { CreatePrinterFn } from './types.js';

/** One G-code line of a test with the output expected from it. */
export interface GcodeTestStep {
  gcode: string;
  /** Expected console lines, in order; a `~` entry is a regular expression. */
  expect: string[];
  line: number;
}

/** A parsed `.test` file: Klipper's test/klippy format plus `> expected output` lines. */
export interface GcodeTestCase {
  /** printer.cfg text (from `CONFIG <file>` or an inline `CONFIG` … `END_CONFIG` block). */
  config: string;
  shouldFail: boolean;
  steps: GcodeTestStep[];
}

/**
 * Parse a G-code test:
 *
 * ```
 * # comment
 * CONFIG printer.cfg        (a file beside the test) — or CONFIG, inline lines, END_CONFIG
 * SHOULD_FAIL               (the printer must fail to start, or a command must fail)
 * G28
 * FILAMENT_COUNTER
 * > // Filament used: 0.000 m      (exact expected line)
 * >~ ^// Filament remaining        (regular expression)
 * ```
 */
export function parseGcodeTest(text: string, baseDir = '.'): GcodeTestCase {
  let config: string | undefined;
  let shouldFail = false;
  const steps: GcodeTestStep[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line === 'CONFIG') {
      const block: string[] = [];
      while (++i < lines.length && lines[i]!.trim() !== 'END_CONFIG') block.push(lines[i]!);
      if (i >= lines.length) throw new Error(`@plugboard/testing: CONFIG at line ${i} has no END_CONFIG`);
      config = `${block.join('\n')}\n`;
    } else if (line.startsWith('CONFIG ')) {
      config = readFileSync(resolve(baseDir, line.slice(7).trim()), 'utf8');
    } else if (line === 'SHOULD_FAIL') {
      shouldFail = true;
    } else if (line.startsWith('DICTIONARY ')) {
      // Klipper's MCU data dictionaries: the virtual printer has no MCU, nothing to load.
    } else if (line.startsWith('>')) {
      const step = steps.at(-1);
      if (!step)
        throw new Error(`@plugboard/testing: expected output at line ${i + 1} follows no G-code line`);
      step.expect.push(line.startsWith('>~') ? `~${line.slice(2).trim()}` : raw.replace(/^\s*> ?/, ''));
    } else {
      steps.push({ gcode: raw.trim(), expect: [], line: i + 1 });
    }
  }
  if (config === undefined) throw new Error('@plugboard/testing: a G-code test needs a CONFIG line');
  return { config, shouldFail, steps };
}

export interface GcodeTestResult {
  ok: boolean;
  /** Whether the printer failed to start or a command failed. */
  failed: boolean;
  state: string;
  stateMessage: string;
  /** Every console line, in order. */
  output: string[];
  /** What did not match, one line each ("line 7: expected …, got …"). */
  problems: string[];
}

export interface RunGcodeTestOptions {
  createPrinter: CreatePrinterFn;
  plugins?: Record<string, unknown>;
  /** Extra files beside printer.cfg. */
  files?: Record<string, string>;
  speed?: number;
}

const matches = (expected: string, got: string | undefined) =>
  got !== undefined &&
  (expected.startsWith('~') ? new RegExp(expected.slice(1)).test(got) : expected === got);

/** Run a parsed test (or the text of a `.test` file); never throws for a failing test, returns the problems. */
export async function runGcodeTest(
  test: GcodeTestCase | string,
  options: RunGcodeTestOptions,
): Promise<GcodeTestResult> {
  const parsed = typeof test === 'string' ? parseGcodeTest(test) : test;
  const harness = await startPrinterHarness({ ...options, config: parsed.config });
  const output: string[] = [];
  const problems: string[] = [];
  let failed = harness.state !== 'ready';
  try {
    for (const step of failed ? [] : parsed.steps) {
      const { output: out, failed: stepFailed } = await harness.runChecked(step.gcode);
      output.push(...out);
      if (step.expect.length) {
        step.expect.forEach((e, k) => {
          if (!matches(e, out[k]))
            problems.push(
              `line ${step.line} (${step.gcode}): expected ${JSON.stringify(e)}, got ${JSON.stringify(out[k])}`,
            );
        });
        if (out.length > step.expect.length)
          problems.push(
            `line ${step.line} (${step.gcode}): unexpected ${JSON.stringify(out.slice(step.expect.length))}`,
          );
      }
      if (stepFailed) {
        failed = true;
        break;
      }
    }
    if (failed !== parsed.shouldFail) {
      problems.push(
        parsed.shouldFail
          ? 'expected a failure (SHOULD_FAIL) but every command succeeded'
          : `unexpected failure: ${harness.state !== 'ready' ? harness.stateMessage.split('\n')[0] : output.at(-1)}`,
      );
    }
    return {
      ok: problems.length === 0,
      failed,
      state: harness.host.state,
      stateMessage: harness.host.printer.stateMessage,
      output,
      problems,
    };
  } finally {
    await harness.close();
  }
}

/** Run a `.test` file (CONFIG paths relative to it). */
export async function runGcodeTestFile(file: string, options: RunGcodeTestOptions): Promise<GcodeTestResult> {
  return runGcodeTest(parseGcodeTest(readFileSync(file, 'utf8'), dirname(file)), options);
}
