/** The line that starts Klipper's SAVE_CONFIG block, with the two lines after it. */
export const AUTOSAVE_HEADER = `
#*# <---------------------- SAVE_CONFIG ---------------------->
#*# DO NOT EDIT THIS BLOCK OR BELOW. The contents are auto-generated.
#*#
`;

export interface AutosaveSplit {
  /** The file above the block. */
  regular: string;
  /** The block with its `#*# ` prefixes removed ('' when there is none). */
  autosave: string;
  /** Set when the block is malformed and was ignored (Klipper logs and reads the file as plain). */
  warning?: string;
}

/** Split a printer.cfg into its regular part and its SAVE_CONFIG block, as Klipper does. */
export function splitAutosave(data: string): AutosaveSplit {
  const pos = data.indexOf(AUTOSAVE_HEADER);
  if (pos < 0) return { regular: data, autosave: '' };
  const regular = data.slice(0, pos);
  const block = data.slice(pos + AUTOSAVE_HEADER.length).trim();
  if (regular.includes('\n#*# ') || block.includes(AUTOSAVE_HEADER)) {
    return {
      regular: data,
      autosave: '',
      warning: "Can't read autosave from config file - autosave state corrupted",
    };
  }
  const out = [''];
  for (const line of block.split('\n')) {
    if (block && (!line.startsWith('#*#') || (line.length >= 4 && !line.startsWith('#*# ')))) {
      return {
        regular: data,
        autosave: '',
        warning: "Can't read autosave from config file - modifications after header",
      };
    }
    out.push(line.slice(4));
  }
  out.push('');
  return { regular, autosave: out.join('\n') };
}

/** Render a block of `[section]\noption = value` text as the SAVE_CONFIG block to append. */
export function renderAutosave(text: string): string {
  const lines = text.split('\n').map((line) => `#*# ${line}`.trim());
  return `\n${AUTOSAVE_HEADER.trimEnd()}\n${lines.join('\n')}\n`;
}

const COMMENT = /[#;].*$/;
const FIELD = /[^A-Za-z0-9_].*$/;

/**
 * Comment out the options of `data` that `has(section, option)` reports, with
 * their continuation lines: how SAVE_CONFIG stops the main file's old values
 * from fighting the block it writes.
 */
export function commentOutDuplicates(
  data: string,
  has: (section: string, option: string) => boolean,
): string {
  const lines = data.split('\n');
  let section: string | undefined;
  let duplicate = false;
  for (const [index, line] of lines.entries()) {
    const pruned = line.replace(COMMENT, '').trimEnd();
    if (!pruned) continue;
    if (/\s/.test(pruned[0]!)) {
      if (duplicate) lines[index] = `#${line}`;
      continue;
    }
    duplicate = false;
    if (pruned[0] === '[') {
      section = pruned.slice(1, -1).trim();
      continue;
    }
    const field = pruned.replace(FIELD, '');
    if (section !== undefined && has(section, field)) {
      duplicate = true;
      lines[index] = `#${line}`;
    }
  }
  return lines.join('\n');
}
