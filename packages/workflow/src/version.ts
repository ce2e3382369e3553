import { readFileSync } from 'node:fs';

/**
 * The adapter's package name and version: plugins declare a peer range on it. Read from
 * package.json, never written down, so a release bump cannot leave the host behind.
 */
export const HOST_NAME = '@plugboard/workflow';
export const HOST_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
