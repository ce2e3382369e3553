import type { Problem } from '@plugboard/core';
import { CliErrorCodes } from '../errors.js';
import type { CliCommandMeta, CliGroupMeta } from '../types.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function commandMeta(value: unknown, where: string, issues: string[]): CliCommandMeta | undefined {
  if (!isRecord(value)) {
    issues.push(`${where} must be an object`);
    return undefined;
  }
  const meta: CliCommandMeta = {};
  if (value.description !== undefined) {
    if (typeof value.description === 'string') meta.description = value.description;
    else issues.push(`${where}.description must be a string`);
  }
  if (value.args !== undefined) {
    const ok =
      Array.isArray(value.args) &&
      value.args.every((a) => typeof a === 'string' && /^(<[^>]+>|\[[^\]]+\])$/.test(a));
    if (ok) meta.args = value.args as string[];
    else issues.push(`${where}.args must be a list like ["<name>", "[greeting]"]`);
  }
  if (value.options !== undefined) {
    if (isRecord(value.options) && Object.values(value.options).every((d) => typeof d === 'string'))
      meta.options = value.options as Record<string, string>;
    else issues.push(`${where}.options must map flags to descriptions, e.g. { "--shout": "Use capitals" }`);
  }
  return meta;
}

/**
 * Validate the static help metadata of one group (`plugboard.cli.<group>`).
 * Invalid parts are dropped and reported; the group still works without them.
 */
export function readGroupMeta(
  cliField: unknown,
  group: string,
  pkg: string,
): { meta?: CliGroupMeta; problem?: Problem } {
  if (cliField === undefined) return {};
  const issues: string[] = [];
  let meta: CliGroupMeta | undefined;
  if (!isRecord(cliField)) issues.push('plugboard.cli must be an object keyed by command group');
  else {
    const raw = cliField[group];
    if (raw !== undefined && !isRecord(raw)) issues.push(`plugboard.cli.${group} must be an object`);
    else if (raw !== undefined) {
      meta = {};
      if (typeof raw.description === 'string') meta.description = raw.description;
      else if (raw.description !== undefined)
        issues.push(`plugboard.cli.${group}.description must be a string`);
      if (isRecord(raw.commands)) {
        meta.commands = {};
        for (const [name, value] of Object.entries(raw.commands)) {
          const c = commandMeta(value, `plugboard.cli.${group}.commands.${name}`, issues);
          if (c) meta.commands[name] = c;
        }
      } else if (raw.commands !== undefined) issues.push(`plugboard.cli.${group}.commands must be an object`);
    }
  }
  if (issues.length === 0) return meta ? { meta } : {};
  return {
    ...(meta ? { meta } : {}),
    problem: {
      code: CliErrorCodes.META_INVALID,
      severity: 'warning',
      message: `Package "${pkg}" has invalid CLI help metadata (${issues.join('; ')}); help shows less until its package.json is fixed.`,
      package: pkg,
      plugin: group,
    },
  };
}
