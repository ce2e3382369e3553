import { defineHost, type Host } from '@plugboard/core';
import { checkPluginShape } from '../define.js';
import { GROUP_NAME, GROUP_NAME_HINT } from '../fast-help/groups.js';
import { adapter, HOST_LABEL } from '../fast-help/scope.js';
import type { CliGroupMeta, CliPlugin } from '../types.js';
import { groupMetaSchema } from './meta-schema.js';

/**
 * The cli host, declared once: group `cli`, the adapter plugins peer on, the
 * entry-name rule, the shape guard and `plugboard.cli.<group>` help metadata.
 * Discovery, precedence, the index and the lifecycle come from core's kit;
 * `plugboard list|doctor` import this same definition from `@plugboard/cli/host`.
 */
export const cliHost: Host<CliPlugin, CliGroupMeta> = defineHost<CliPlugin, CliGroupMeta>({
  group: 'cli',
  adapter: adapter(),
  label: HOST_LABEL,
  entryName: { pattern: GROUP_NAME, hint: GROUP_NAME_HINT },
  guard: checkPluginShape,
  // Help metadata is optional: a bad one costs only static help, never the commands.
  meta: { schema: groupMetaSchema, per: 'entry', onInvalid: 'warn' },
});
