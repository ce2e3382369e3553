export { checkWebPlugin, defineWebPlugin, PLUGIN_NAME } from './define.js';
export type { WebErrorCode, WebErrorOptions } from './errors.js';
export { isWebError, WebError, WebErrorCodes } from './errors.js';
export { matchTopic } from './events/match.js';
export type { RouteInfo, WebHost } from './host/create.js';
export { createWebHost } from './host/create.js';
export { webHost } from './host/define-host.js';
export type { CreateWebHostOptions, HotReloadOptions } from './host/options.js';
export type { ReloadEvent, ReloadFailure } from './host/reload-event.js';
export type { PluginSummary } from './host/summary.js';
export { WEB_PERMISSIONS, webMetaSchema } from './meta.js';
export type { OpenedStorage, StorageBackend, StorageBackendOptions } from './storage/backend.js';
export { createStorageBackend, schemaOf } from './storage/backend.js';
export { dialectOf } from './storage/dialect-of.js';
export { LibsqlDialect } from './storage/libsql-dialect.js';
export type {
  AnyWebPlugin,
  EventHandler,
  EventPayload,
  HealthResult,
  LoadContext,
  PluginCache,
  PluginEvents,
  PluginFailure,
  PluginServices,
  PluginStorage,
  PluginTasks,
  StorageDefinition,
  StorageMigration,
  TaskDefinition,
  TaskSchedule,
  WebContext,
  WebEvent,
  WebMeta,
  WebMetaInput,
  WebPermission,
  WebPlugin,
} from './types.js';
export { HOST_NAME, HOST_VERSION } from './version.js';
