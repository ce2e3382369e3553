import type { Readable, Writable } from 'node:stream';
import type { HostDiscovery } from '@plugboard/core';
import type { Io } from './context.js';
import type { GroupEntry } from './groups.js';
import type { CliGroupMeta, CliPaths, CliPlugin, CreateCliOptions, SharedFlags } from './types.js';

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
  /** Usable command groups by name. */
  groups: Map<string, GroupEntry>;
  /** The kit's discovery result (excluded plugins and why, for messages). */
  found: HostDiscovery<CliPlugin, CliGroupMeta>;
  /** Links recorded by `plugins link`. */
  links: string[];
}
