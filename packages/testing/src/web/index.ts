export type { TestApp } from './harness.js';
export { createTestApp, withManifest } from './harness.js';
export type { CreateTestAppOptions, HarnessHost, TestPlugin } from './types.js';
