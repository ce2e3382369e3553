export type {
  CliHarness,
  CliHarnessIo,
  CliHarnessOptions,
  CliRunnable,
  CliRunOptions,
  CliRunResult,
} from './harness.js';
export { createCliHarness } from './harness.js';
