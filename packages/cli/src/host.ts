import type { Readable, Writable } from 'node:stream';
import type { Io } from './context.js';
import { adapter, type CliPaths } from './fast-help.js';
import type { Registry } from './registry/registry.js';
import type { CreateCliOptions, SharedFlags } from './types.js';

/** The adapter's own identity: plugins declare a peer range on it. */
export const ADAPTER = adapter();

/** Everything one `run()` shares between the built-in command groups. */
export interface HostState {
  options: CreateCliOptions;
  cliName: string;
  cliVersion: string;
  paths: CliPaths;
  env: NodeJS.ProcessEnv;
  flags: SharedFlags;
  interactive: boolean;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  io: Io;
  registry: Registry;
  /** Links recorded by `plugins link`. */
  links: string[];
}
