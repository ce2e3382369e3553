import { defineHost } from '@plugboard/core';
import { checkWebPlugin, PLUGIN_NAME } from '../define.js';
import { type WebMeta, webMetaSchema } from '../meta.js';
import type { AnyWebPlugin } from '../types.js';
import { HOST_NAME, HOST_VERSION } from '../version.js';

/**
 * The web host on core's kit: group `web`, peer range on @plugboard/web, entry
 * names usable as URL segments, `plugboard.web` checked by `webMetaSchema`.
 * Tools such as `plugboard list` can read the same metadata through it.
 */
export const webHost = defineHost<AnyWebPlugin, WebMeta>({
  group: 'web',
  adapter: { name: HOST_NAME, version: HOST_VERSION },
  entryName: { pattern: PLUGIN_NAME, hint: 'lower-case letters, digits and "-"' },
  guard: checkWebPlugin,
  meta: { schema: webMetaSchema, per: 'package', onInvalid: 'exclude' },
});
