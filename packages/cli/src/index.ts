export type { StandardSchemaV1 } from '@standard-schema/spec';
export { createCli } from './create-cli.js';
export { checkPluginShape, defineCliPlugin } from './define.js';
export type { CliErrorCode, CliErrorOptions } from './errors.js';
export { CliError, CliErrorCodes, ExitCodes, isCliError } from './errors.js';
export { runBin, tryFastHelp } from './fast-help/index.js';
export { cliHost } from './host/definition.js';
export { userPluginSources } from './plugins/sources.js';
export { runMain } from './run-main.js';
export type {
  Cli,
  CliCommandMeta,
  CliContext,
  CliGlobalOption,
  CliGroupMeta,
  CliOrigin,
  CliPaths,
  CliPlugin,
  CreateCliOptions,
  HelpHost,
  PromptOptions,
  SelectOption,
  SharedFlags,
} from './types.js';
