export type { StartPostgresOptions } from './postgres.js';
export { startPostgres } from './postgres.js';
export type { TestServer } from './process.js';
export type { StartRedisOptions } from './redis.js';
export { startRedis } from './redis.js';
export type { StartRegistryOptions, TestRegistry } from './registry.js';
export { startRegistry } from './registry.js';
export { ensureDebianPackages, freePort } from './system.js';
