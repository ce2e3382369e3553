import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { CliCommandMeta, CliGroupMeta } from '../types.js';

// `plugboard.cli.<group>` as a Standard Schema written out by hand: it runs on
// every cold discovery, and a validator library would be loaded on every command.

type Issue = StandardSchemaV1.Issue;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const ARG = /^(<[^>]+>|\[[^\]]+\])$/;

function command(value: unknown, path: string[], issues: Issue[]): CliCommandMeta {
  const meta: CliCommandMeta = {};
  if (!isRecord(value)) {
    issues.push({ message: 'must be an object', path });
    return meta;
  }
  if (value.description !== undefined) {
    if (typeof value.description === 'string') meta.description = value.description;
    else issues.push({ message: 'must be a string', path: [...path, 'description'] });
  }
  if (value.args !== undefined) {
    if (Array.isArray(value.args) && value.args.every((a) => typeof a === 'string' && ARG.test(a)))
      meta.args = value.args as string[];
    else issues.push({ message: 'must be a list like ["<name>", "[greeting]"]', path: [...path, 'args'] });
  }
  if (value.options !== undefined) {
    if (isRecord(value.options) && Object.values(value.options).every((d) => typeof d === 'string'))
      meta.options = value.options as Record<string, string>;
    else
      issues.push({
        message: 'must map flags to descriptions, e.g. { "--shout": "Use capitals" }',
        path: [...path, 'options'],
      });
  }
  return meta;
}

/** Validate one group's static help metadata; absent metadata is valid (the group just has none). */
export function validateGroupMeta(raw: unknown): StandardSchemaV1.Result<CliGroupMeta> {
  if (raw === undefined) return { value: undefined as unknown as CliGroupMeta };
  const issues: Issue[] = [];
  const meta: CliGroupMeta = {};
  if (!isRecord(raw)) return { issues: [{ message: 'must be an object' }] };
  if (typeof raw.description === 'string') meta.description = raw.description;
  else if (raw.description !== undefined) issues.push({ message: 'must be a string', path: ['description'] });
  if (isRecord(raw.commands)) {
    meta.commands = {};
    for (const [name, value] of Object.entries(raw.commands))
      meta.commands[name] = command(value, ['commands', name], issues);
  } else if (raw.commands !== undefined) issues.push({ message: 'must be an object', path: ['commands'] });
  return issues.length ? { issues } : { value: meta };
}

export const groupMetaSchema: StandardSchemaV1<unknown, CliGroupMeta> = {
  '~standard': { version: 1, vendor: 'plugboard-cli', validate: validateGroupMeta },
};
