import { createRequire } from 'node:module';
import type * as Commander from 'commander';

// commander is CommonJS. Required directly it skips its ESM wrapper and Node's scan of
// its files for named exports: a few milliseconds of every command line.
export const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof Commander;
export type Command = Commander.Command;
export type CommanderError = Commander.CommanderError;
