import { PrinterError, PrinterErrorCodes } from '../errors.js';
import type { FileConfig } from './fileconfig.js';
import type { AccessTracking } from './wrapper.js';

export interface CheckUnusedOptions {
  /** Lower-cased names of sections that loaded an object. */
  objects: ReadonlySet<string>;
  /** Options of the SAVE_CONFIG block never count as unused. */
  autosave: FileConfig;
  /** Say why a section is unknown (the package to install, the reason a plugin was excluded). */
  explain?: (section: string) => string | undefined;
}

/**
 * Klipper's check after all objects load: a section nothing loaded and an
 * option nothing read are errors, in Klipper's words. Returns them all, in
 * file order; the caller throws the first or reports them as warnings.
 */
export function findUnused(
  config: FileConfig,
  tracking: AccessTracking,
  options: CheckUnusedOptions,
): PrinterError[] {
  const used = new Set(tracking.keys());
  for (const section of options.autosave.sections()) {
    for (const option of options.autosave.options(section))
      used.add(`${section.toLowerCase()}\u0000${option}`);
  }
  const validSections = new Set(options.objects);
  for (const key of used) validSections.add(key.slice(0, key.indexOf('\u0000')));
  const problems: PrinterError[] = [];
  for (const name of config.sections()) {
    const section = name.toLowerCase();
    const at = config.sectionSource(name);
    if (!validSections.has(section)) {
      const why = options.explain?.(name);
      problems.push(
        new PrinterError(
          PrinterErrorCodes.SECTION_UNKNOWN,
          `Section '${section}' is not a valid config section`,
          {
            file: at?.file,
            line: at?.line,
            section: name,
            hint: why ?? 'Check the spelling, or install the plugin that provides it',
          },
        ),
      );
      continue;
    }
    for (const option of config.options(name)) {
      if (used.has(`${section}\u0000${option}`)) continue;
      const entry = config.entry(name, option);
      problems.push(
        new PrinterError(
          PrinterErrorCodes.OPTION_UNUSED,
          `Option '${option}' is not valid in section '${section}'`,
          {
            file: entry?.file,
            line: entry?.line,
            section: name,
            hint: 'Check the spelling or remove it',
          },
        ),
      );
    }
  }
  return problems;
}

/** `configfile.settings`: every option read, with the value it had, by lower-case section. */
export function settingsOf(tracking: AccessTracking): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const { section, option, value } of tracking.values()) {
    out[section] ??= {};
    out[section][option] = value;
  }
  return out;
}
