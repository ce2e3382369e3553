export { checkCompatibility } from './discovery/compat.js';
export type { DiscoverWithGuardOptions } from './discovery/discover.js';
export { discover, discoverSync, scanPlugins } from './discovery/discover.js';
export type { LoadEntryPointOptions, ShapeGuard } from './discovery/load.js';
export { loadEntryPoint } from './discovery/load.js';
export { duplicateProblem } from './discovery/precedence.js';
export type {
  DiscoveredPlugin,
  DiscoverOptions,
  DiscoveryResult,
  DiscoverySources,
  HostInfo,
  PluginPackage,
  PluginSource,
} from './discovery/types.js';
export { SOURCE_PRECEDENCE } from './discovery/types.js';
export type { ErrorCode, PlugboardErrorOptions, Problem } from './errors.js';
export { describeError, ErrorCodes, isPlugboardError, PlugboardError, toProblem } from './errors.js';
export { defineHost } from './host/define.js';
export type {
  EntryNameRule,
  ExcludedPlugin,
  Host,
  HostDefinition,
  HostDiscoverOptions,
  HostDiscovery,
  HostGuard,
  HostHookContext,
  HostLifecycle,
  HostLifecycleOptions,
  HostMetaOptions,
  HostPlugin,
  HostPluginSource,
  ProvidedPlugin,
} from './host/types.js';
export type { CreateLifecycleOptions, Lifecycle } from './lifecycle/manager.js';
export { createLifecycle } from './lifecycle/manager.js';
export type { OrderNode, OrderResult } from './lifecycle/order.js';
export { orderPlugins } from './lifecycle/order.js';
export type { ReloadOptions, ReloadWith } from './lifecycle/reload.js';
export type { RunHookOptions } from './lifecycle/run-hook.js';
export { runHook } from './lifecycle/run-hook.js';
export type {
  FailurePolicy,
  HookContext,
  LifecycleHooks,
  LifecycleReport,
  LifecycleUnit,
  PluginReport,
  PluginState,
} from './lifecycle/types.js';
export type { EntryPointRef } from './manifest/entry-point.js';
export { parseEntryPoint } from './manifest/entry-point.js';
export type { PluginManifest } from './manifest/schema.js';
export { manifestSchema } from './manifest/schema.js';
export type { ManifestIssue, ManifestValidation } from './manifest/validate.js';
export { parseManifest, validateManifest } from './manifest/validate.js';
export type { WriteFileAtomicOptions } from './util/atomic-write.js';
export { sweepTempFiles, writeFileAtomic, writeJsonAtomic } from './util/atomic-write.js';
export type { EnvOverride, EnvOverridesOptions } from './util/env-overrides.js';
export { applyOverrides, coerceText, envName, envOverrides } from './util/env-overrides.js';
export { didYouMean, suggestion } from './util/suggest.js';
