export { envResolver } from './builtins/env.js';
export type { FileParams } from './builtins/file.js';
export { filePath, fileResolver } from './builtins/file.js';
export { sealedResolver } from './builtins/sealed.js';
export { checkResolver, defineResolver } from './define.js';
export type { ConfigErrorCode, ConfigErrorOptions, ConfigIssue, ConfigLocation } from './errors.js';
export { ConfigError, ConfigErrorCodes, isConfigError } from './errors.js';
export type { ConfigHost } from './host/create.js';
export { createConfig, loadConfig } from './host/create.js';
export { matchKey } from './host/match.js';
export type { ConfigChange, ConfigOf, CreateConfigOptions } from './host/options.js';
export type { ConfigFormat, ParsedSource, Positions } from './parse/formats.js';
export { formatOf, parseText } from './parse/formats.js';
export type { ConfigSource } from './parse/layers.js';
export { overlayPath } from './parse/layers.js';
export type { KeyPath } from './path.js';
export { formatPath, parsePath } from './path.js';
export { configPluginHost } from './plugin-host.js';
export type { PluginDiscoveryOptions } from './resolve/registry.js';
export type { SealCommandIO } from './seal/command.js';
export { runSealCommand, SEAL_USAGE } from './seal/command.js';
export { DEFAULT_SEALED_KEY_ENV, generateSealedKey, sealValue, unsealValue } from './seal/crypto.js';
export { REDACTED, revealSecrets } from './secrets.js';
export type {
  AnyResolver,
  ConfigLogger,
  ResolveContext,
  ResolverDefinition,
  ResolverSetupContext,
} from './types.js';
export { HOST_NAME, HOST_VERSION } from './version.js';
