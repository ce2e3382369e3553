export type { GcodeTestCase, GcodeTestResult, GcodeTestStep, RunGcodeTestOptions } from './gcode-test.js';
export { parseGcodeTest, runGcodeTest, runGcodeTestFile } from './gcode-test.js';
export type { PrinterHarness, PrinterHarnessOptions } from './harness.js';
export { startPrinterHarness } from './harness.js';
export type { CreatePrinterFn, HarnessCreateOptions, HarnessPrinterHost } from './types.js';
