import { ErrorCodes, type Problem } from '@plugboard/core';
import { ConfigError, ConfigErrorCodes } from '../errors.js';

const unprefixed = (message: string) => message.replace(/^@plugboard\/config: /, '');

/**
 * Why a prefix cannot be used, as a ConfigError carrying the real reason: a
 * prefix nobody provides is UNKNOWN_PREFIX (the runner adds the known ones),
 * two providers are PREFIX_CONFLICT, and an installed provider the kit
 * excluded (incompatible, bad name, a failed requirement) is RESOLVER_UNUSABLE
 * with core's code in `details.reason`, never "install a resolver plugin".
 */
export function unusable(prefix: string, problem: Problem): ConfigError {
  const options = {
    prefix,
    ...(problem.package ? { package: problem.package } : {}),
    details: { reason: problem.code },
  };
  if (problem.code === ErrorCodes.PLUGIN_NOT_FOUND)
    return new ConfigError(ConfigErrorCodes.UNKNOWN_PREFIX, `unknown prefix ${prefix}.`, options);
  if (problem.code === ErrorCodes.DUPLICATE) {
    return new ConfigError(
      ConfigErrorCodes.PREFIX_CONFLICT,
      `two plugins claim the ${prefix} prefix, so it is not used: ${unprefixed(problem.message)}`,
      options,
    );
  }
  return new ConfigError(
    ConfigErrorCodes.RESOLVER_UNUSABLE,
    `the ${prefix} resolver${problem.package ? ` from ${problem.package}` : ''} is installed but not used (${problem.code}): ${unprefixed(problem.message)}`,
    options,
  );
}
