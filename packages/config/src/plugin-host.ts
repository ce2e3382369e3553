import { defineHost, type Host } from '@plugboard/core';
import { checkResolver } from './define.js';
import type { AnyResolver } from './types.js';
import { HOST_NAME, HOST_VERSION } from './version.js';

/**
 * The config host as the plugin kit sees it: entry points of the `config`
 * group are resolver prefixes, each must export a resolver, and two packages
 * claiming one prefix make it unusable (a prefix selects where secrets come
 * from; silently picking one of two would be a security bug).
 *
 * Exported alone as `@plugboard/config/host` so tools (`plugboard doctor`)
 * see exactly what the host sees without loading the config runtime.
 */
export const configPluginHost: Host<AnyResolver> = defineHost<AnyResolver>({
  group: 'config',
  adapter: { name: HOST_NAME, version: HOST_VERSION },
  entryName: {
    pattern: /^[A-Z][A-Z0-9_]*$/,
    hint: 'the resolver prefix: upper-case letters, digits and "_", e.g. "VAULT"',
  },
  guard: (value) => checkResolver(value),
  duplicates: 'exclude',
});

/** The name tools look for in every `@plugboard/<group>/host` module. */
export const host = configPluginHost;
export default configPluginHost;
