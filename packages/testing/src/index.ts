export type {
  CliHarness,
  CliHarnessIo,
  CliHarnessOptions,
  CliRunnable,
  CliRunOptions,
  CliRunResult,
} from './cli/index.js';
export { createCliHarness } from './cli/index.js';
// config hosts and waiting (config helper)
export type {
  ConfigFixture,
  ConfigFixtureDefaults,
  ConfigFixtureOptions,
  ConfigFolder,
  ConfigFolderOptions,
  RecordingLogger,
  RecordingResolver,
  RecordingResolverOptions,
} from './config/index.js';
export { createConfigFixture, createConfigFolder, recordingResolver } from './config/index.js';
export type { FixturePluginOptions } from './plugin.js';
export { fixturePlugin } from './plugin.js';
export type {
  StartPostgresOptions,
  StartRedisOptions,
  StartRegistryOptions,
  TestRegistry,
  TestServer,
} from './servers/index.js';
export { ensureDebianPackages, freePort, startPostgres, startRedis, startRegistry } from './servers/index.js';
export type { RunTemplateTestOptions, TemplateTestResult } from './template.js';
export { runTemplateTest } from './template.js';
export type {
  AddPackageOptions,
  CreatePackageTreeOptions,
  FixturePackage,
  PackageTree,
  TreeLayout,
} from './tree.js';
export { createPackageTree } from './tree.js';
export type { WaitOptions } from './wait.js';
export { nextEvent, WaitTimeoutError, waitUntil } from './wait.js';
