import type { HostDiscovery, Problem } from '@plugboard/core';
import { isKinematicsSection, UNSIMULATED_MODULES } from '../builtins/hardware.js';
import { ALWAYS_LOADED, BUILTIN_NAMES } from '../builtins/index.js';
import type { FileConfig } from '../config/fileconfig.js';
import { PrinterError, PrinterErrorCodes } from '../errors.js';
import { localMismatch, type PrinterPluginMeta } from '../plugin/host.js';
import type { PrinterPlugin } from '../plugin/types.js';

import { moduleOf } from './module-name.js';

export { moduleOf };

export interface BootPlan {
  /** Lifecycle units to run, in the order their sections first appear (always-loaded built-ins last). */
  units: string[];
  /** Sections of each unit, in file order. */
  sections: Map<string, string[]>;
  /** Sections accepted without an object (hardware the virtual printer does not drive). */
  unsimulated: string[];
}

export interface PlanOptions {
  allowOverride: readonly string[];
  /** Entry name → npm package that provides it, for the unknown-section hint. */
  knownPlugins: Readonly<Record<string, string>>;
  /** The local plugins folder, searched for a package meant for an unknown section. */
  pluginsDir?: string | false | undefined;
}

/**
 * Decide which units a config needs and refuse what cannot work before any
 * plugin code runs: unknown sections (with the package that would provide
 * them, or the reason discovery excluded the plugin), and plugins replacing a
 * built-in without being allowed to.
 */
export function planBoot(
  config: FileConfig,
  found: HostDiscovery<PrinterPlugin, PrinterPluginMeta>,
  options: PlanOptions,
): BootPlan {
  const sections = new Map<string, string[]>();
  const unsimulated: string[] = [];
  for (const section of config.sections()) {
    const name = moduleOf(section);
    const plugin = found.get(name);
    const excluded = found.why(name);
    if (!plugin && !excluded) {
      if (isKinematicsSection(section)) continue;
      if (UNSIMULATED_MODULES.has(name)) {
        unsimulated.push(section);
        continue;
      }
      throw unknownSection(config, section, name, options.knownPlugins[name], found, options.pluginsDir);
    }
    if (
      plugin &&
      plugin.source !== 'provided' &&
      BUILTIN_NAMES.has(name) &&
      !options.allowOverride.includes(name)
    ) {
      const src = config.sectionSource(section);
      throw new PrinterError(
        PrinterErrorCodes.PLUGIN_CLASH,
        `Plugin '${name}' from ${plugin.package.name} has the name of a built-in module`,
        {
          file: src?.file,
          line: src?.line,
          section,
          plugin: name,
          package: plugin.package.name,
          hint: `Pass allowOverride: ['${name}'] to use it instead of the built-in, or uninstall ${plugin.package.name}`,
        },
      );
    }
    let list = sections.get(name);
    if (!list) {
      list = [];
      sections.set(name, list);
    }
    list.push(section);
  }
  const units = [...sections.keys()];
  for (const name of ALWAYS_LOADED) if (!units.includes(name)) units.push(name);
  return { units, sections, unsimulated };
}

function unknownSection(
  config: FileConfig,
  section: string,
  name: string,
  pkg: string | undefined,
  found: HostDiscovery<PrinterPlugin, PrinterPluginMeta>,
  pluginsDir: string | false | undefined,
): PrinterError {
  const src = config.sectionSource(section);
  const similar = found.plugins.map((p) => p.name).find((n) => n.startsWith(name.slice(0, 4)) && n !== name);
  const local = localMismatch(pluginsDir, name);
  const hint = local
    ? local
    : pkg
      ? `Install ${pkg}, which provides [${name}]`
      : similar
        ? `Did you mean [${similar}]? Or install the plugin that provides [${name}]`
        : `Check the spelling, or install the plugin that provides [${name}]`;
  return new PrinterError(
    PrinterErrorCodes.SECTION_UNKNOWN,
    `Section '${section.toLowerCase()}' is not a valid config section`,
    {
      file: src?.file,
      line: src?.line,
      section,
      hint,
      ...(pkg ? { package: pkg } : {}),
    },
  );
}

/** A lifecycle failure as the printer error frontends see (the real reason, the package named). */
export function unitFailure(
  id: string,
  problem: Problem,
  found: HostDiscovery<PrinterPlugin, PrinterPluginMeta>,
): PrinterError {
  const cause = problem.cause;
  if (cause instanceof PrinterError) return cause;
  const pkg =
    problem.package ?? found.get(id)?.package.name ?? found.excluded.find((e) => e.name === id)?.package.name;
  const excluded = found.why(id);
  const detail = excluded
    ? `Section '${id}' needs plugin ${pkg ?? id}, which cannot be used: ${excluded.message}`
    : `Unable to load module '${id}'${pkg ? ` from ${pkg}` : ''}: ${problem.message.replace(/\.$/, '')}`;
  return new PrinterError(PrinterErrorCodes.PLUGIN_UNAVAILABLE, detail, {
    plugin: id,
    package: pkg,
    hint: excluded ? 'Install a version that fits this host' : 'Fix or reinstall the package',
    cause: problem.cause ?? problem,
  });
}
