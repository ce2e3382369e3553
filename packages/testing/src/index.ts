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
export type {
  AddPackageOptions,
  CreatePackageTreeOptions,
  FixturePackage,
  PackageTree,
  TreeLayout,
} from './tree.js';
export { createPackageTree } from './tree.js';
