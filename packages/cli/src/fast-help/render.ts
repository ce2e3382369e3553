import type { HelpHost } from '../types.js';
import { SHARED_FLAG_HELP } from './flags.js';
import { BUILTIN_GROUPS, type HelpGroup } from './groups.js';

// Help in commander's layout, byte for byte (a test renders both), so the fast
// path and the full CLI print the same help.

export type Item = [term: string, description: string];

/** Wrap at whitespace, keeping existing line breaks; narrow widths are left alone. */
function wrap(text: string, width: number): string {
  if (width < 40 || (text.length <= width && !text.includes('\n'))) return text;
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\n/)) {
    const chunks = raw.match(/\s*\S+/g);
    if (!chunks) {
      lines.push('');
      continue;
    }
    let line = chunks[0]!;
    for (const chunk of chunks.slice(1)) {
      if (line.length + chunk.length <= width) line += chunk;
      else {
        lines.push(line);
        line = chunk.trimStart();
      }
    }
    lines.push(line);
  }
  return lines.join('\n');
}

function section(title: string, items: Item[], pad: number, width: number): string[] {
  if (items.length === 0) return [];
  const rows = items.map(([term, description]) => {
    if (!description) return `  ${term}`;
    const room = width - pad - 4;
    // a description with an indented line is preformatted: only the item indent is added
    const text =
      room < 40 || (description.includes('\n') && /\n[^\S\r\n]/.test(description))
        ? description
        : wrap(description, room).replace(/\n/g, `\n${' '.repeat(pad + 2)}`);
    return `  ${term.padEnd(pad)}  ${text.replace(/\n/g, '\n  ')}`;
  });
  return [title, ...rows, ''];
}

function page(usage: string, description: string, sections: Array<[string, Item[]]>, width: number): string {
  const pad = Math.max(0, ...sections.flatMap(([, items]) => items.map(([term]) => term.length)));
  const out = [`Usage: ${usage}`, ''];
  if (description) out.push(wrap(description, width), '');
  for (const [title, items] of sections) out.push(...section(title, items, pad, width));
  return out.join('\n');
}

function globalItems(host: HelpHost): Item[] {
  return [
    ['-V, --version', 'print the version'],
    ...SHARED_FLAG_HELP,
    ...(host.globalOptions ?? []).map((o): Item => [o.flags, o.description]),
  ];
}

const HELP_COMMAND: Item = ['help [command]', 'display help for command'];

export function renderRootHelp(host: HelpHost, groups: readonly HelpGroup[], width = 80): string {
  const commands: Item[] = [...BUILTIN_GROUPS, ...groups.map((g): Item => [g.name, g.description])];
  return page(
    `${host.name} [options] [command]`,
    host.description ?? '',
    [
      ['Options:', [...globalItems(host), ['-h, --help', 'show help']]],
      ['Commands:', [...commands, HELP_COMMAND]],
    ],
    width,
  );
}

/** Help of a group from its static metadata (the group must have `commands`). */
export function renderGroupHelp(host: HelpHost, group: HelpGroup, width = 80): string {
  const commands: Item[] = Object.entries(group.commands ?? {}).map(([name, c]) => [
    `${name}${c.options && Object.keys(c.options).length ? ' [options]' : ''}${c.args?.length ? ` ${c.args.join(' ')}` : ''}`,
    c.description ?? '',
  ]);
  if (!group.commands?.version) commands.push(['version', `print the version of ${group.package}`]);
  return page(
    `${host.name} ${group.name} [options] [command]`,
    group.description,
    [
      ['Options:', [['-h, --help', 'show help']]],
      ['Global Options:', globalItems(host)],
      ['Commands:', [...commands, HELP_COMMAND]],
    ],
    width,
  );
}
