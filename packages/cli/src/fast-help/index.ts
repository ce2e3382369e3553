// Help without the CLI: imports nothing but this folder and @plugboard/core/light
// (itself import-free), taking node built-ins with process.getBuiltinModule. The build
// also emits it as CommonJS (dist/fast-help/*.cjs), so a CommonJS bin answers help
// without starting the ESM loader. The full CLI renders help-only command lines with
// these same functions: both paths print the same bytes.
export { answerHelp, runBin, tryFastHelp } from './answer.js';
export type { BinOptions } from './bin.js';
export { main } from './bin.js';
export type { HelpRequest } from './flags.js';
export { helpRequest, SHARED_FLAG_HELP, splitSharedFlags, withoutGlobalOptions } from './flags.js';
export type { GroupInfo, HelpGroup } from './groups.js';
export {
  BUILTIN_GROUPS,
  describeGroup,
  GROUP_NAME,
  GROUP_NAME_HINT,
  groupsOfView,
  helpGroups,
  originOf,
} from './groups.js';
export type { Sink } from './io.js';
export { renderGroupHelp, renderRootHelp } from './render.js';
export type { DiscoveryScope } from './scope.js';
export { adapter, discoveryScope, HOST_LABEL, readLinks, resolvePaths } from './scope.js';
