import { describeError, ErrorCodes, type Problem } from '../errors.js';

/** Turn a file-system error into a problem with a code and advice. */
export function fsProblem(error: unknown, path: string): Problem {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') {
    return {
      code: ErrorCodes.FS_LOOP,
      message: `${path} is part of a symlink loop; remove the looping link (or reinstall) so the package can be read.`,
      path,
      cause: error,
    };
  }
  return {
    code: ErrorCodes.FS_UNREADABLE,
    message: `Cannot read ${path} (${code ?? describeError(error)}); check its permissions or reinstall the package.`,
    path,
    cause: error,
  };
}
