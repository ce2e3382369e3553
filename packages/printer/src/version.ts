import { readFileSync } from 'node:fs';

/** This package's name and version, for the host compatibility check of discovered plugins. */
export const HOST_NAME = '@plugboard/printer';
export const HOST_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
