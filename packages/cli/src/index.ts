export { createCli } from './create-cli.js';
export { checkPluginShape, defineCliPlugin } from './define.js';
export type { CliErrorCode, CliErrorOptions } from './errors.js';
export { CliError, CliErrorCodes, ExitCodes, isCliError } from './errors.js';
export type { CliGlobalOption, HelpHost } from './fast-help.js';
export { runBin, tryFastHelp } from './fast-help.js';
export { runMain } from './run-main.js';
export type { StandardSchemaV1 } from './standard-schema.js';
export type {
  Cli,
  CliCommandMeta,
  CliContext,
  CliGroupMeta,
  CliPlugin,
  CreateCliOptions,
  PromptOptions,
  SelectOption,
  SharedFlags,
} from './types.js';
