import { dirname } from 'node:path';
import { CliError, CliErrorCodes } from './errors.js';

const WHY: Record<string, string> = {
  EACCES: 'is not writable by you',
  EPERM: 'is not writable by you',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'is on a full disk',
};

/**
 * A coded error for a folder the CLI cannot write (EACCES, EPERM, EROFS, ENOSPC),
 * naming the folder and the variable that chooses it; undefined for other errors.
 */
export function fsError(
  error: unknown,
  o: { cliName: string; path: string; variable: 'XDG_CONFIG_HOME' | 'XDG_DATA_HOME' },
): CliError | undefined {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why = code ? WHY[code] : undefined;
  if (!why) return undefined;
  const failed = (error as NodeJS.ErrnoException).path ?? o.path;
  const folder = failed === o.path ? dirname(o.path) : failed;
  const fix =
    code === 'ENOSPC'
      ? 'free some space'
      : `make it writable, or point ${o.variable} at a writable folder (e.g. \`${o.variable}=$HOME/.local/${o.variable === 'XDG_DATA_HOME' ? 'share' : 'config'}\`)`;
  return new CliError(
    CliErrorCodes.FS_DENIED,
    `cannot write ${o.path}: the folder ${folder} ${why} (${code}). ${fix[0]!.toUpperCase()}${fix.slice(1)}, then retry.`,
    { cli: o.cliName, path: folder, details: { errno: code!, variable: o.variable }, cause: error },
  );
}
