export type {
  ConfigFixture,
  ConfigFixtureDefaults,
  ConfigFixtureOptions,
  RecordingLogger,
} from './fixture.js';
export { createConfigFixture } from './fixture.js';
export type { ConfigFolder, ConfigFolderOptions } from './folder.js';
export { createConfigFolder } from './folder.js';
export type { RecordingResolver, RecordingResolverOptions } from './resolvers.js';
export { recordingResolver } from './resolvers.js';
